namespace VmMesh.PolicyServer.Tests.Support;

/// <summary>Polls with a deadline instead of sleeping for a fixed time.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null, string? what = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe().WaitAsync(TimeSpan.FromSeconds(30));
            if (value is not null)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what ?? "condition"} not met within {timeout ?? TimeSpan.FromSeconds(30)}");
            }

            await Task.Delay(100);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what)
    {
        await GetAsync<object>(async () => await probe() ? new object() : null, timeout, what);
    }
}
