namespace VmMesh.Consul.ContractTests.Client;

/// <summary>Reads a watch until an item satisfies a condition, bounded by a deadline; then stops the watch.</summary>
public static class WatchReader
{
    public static async Task<T> FirstAsync<T>(IAsyncEnumerable<T> watch, Func<T, bool> condition, CancellationTokenSource stop, string what)
    {
        var enumerator = watch.GetAsyncEnumerator(CancellationToken.None);
        try
        {
            while (true)
            {
                bool moved;
                try
                {
                    moved = await enumerator.MoveNextAsync().AsTask().WaitAsync(ClientScope.Timeout);
                }
                catch (TimeoutException)
                {
                    throw new Xunit.Sdk.XunitException($"Timed out after {ClientScope.Timeout.TotalSeconds} s waiting until {what}");
                }

                if (!moved)
                {
                    throw new Xunit.Sdk.XunitException($"The watch ended before {what}");
                }

                if (condition(enumerator.Current))
                {
                    return enumerator.Current;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await enumerator.DisposeAsync().AsTask().WaitAsync(ClientScope.Timeout);
        }
    }
}
