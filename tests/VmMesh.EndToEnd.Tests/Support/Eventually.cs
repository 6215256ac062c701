namespace VmMesh.EndToEnd.Tests.Support;

/// <summary>Polls a condition until it holds or a deadline passes; never a fixed sleep standing in for a wait.</summary>
internal static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        while (true)
        {
            last = await probe().WaitAsync(timeout);
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {timeout}; last result: {last}");
            }

            await Task.Delay(100);
        }
    }
}
