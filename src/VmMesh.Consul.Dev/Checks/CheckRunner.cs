namespace VmMesh.Consul.Dev.Checks;

/// <summary>A running check: a TTL timer, or a probe loop with its cancellation.</summary>
internal sealed record CheckRunner(string Definition, TimeSpan Ttl, ITimer? Timer, CancellationTokenSource? Cancel, Task? Loop)
{
    public void Stop()
    {
        Timer?.Dispose();
        if (Cancel is not null)
        {
            Cancel.Cancel();
            _ = Loop?.ContinueWith(_ => Cancel.Dispose(), TaskScheduler.Default);
        }
    }
}
