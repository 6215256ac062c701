namespace VmMesh.Testing;

/// <summary>Polls a probe until a condition holds or a deadline passes; never a fixed sleep standing in for a wait.</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Returns the first probe result for which <paramref name="done"/> holds; each probe is itself bounded by
    /// <paramref name="timeout"/>, so a hung probe fails the test instead of stalling it.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var last = await probe().WaitAsync(timeout);
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting until {what}; last observed: {last}");
            }

            await Task.Delay(PollInterval);
        }
    }
}
