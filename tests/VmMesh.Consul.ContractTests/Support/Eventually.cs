namespace VmMesh.Consul.ContractTests.Support;

/// <summary>Polls a probe until a condition holds or a deadline passes (never a bare sleep).</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var last = await probe();
        while (!condition(last))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {timeout.TotalSeconds:0.#} s waiting until {what}; last observed: {last}");
            }

            await Task.Delay(PollInterval);
            last = await probe();
        }

        return last;
    }
}
