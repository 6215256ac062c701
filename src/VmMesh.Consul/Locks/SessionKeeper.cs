using Microsoft.Extensions.Logging;

namespace VmMesh.Consul.Locks;

/// <summary>
/// Keeps one session alive: renews every TTL/2 against the TTL the server returns, and fires <see cref="Gone"/> as
/// soon as Consul says the session is gone (renew 404) or no renew has succeeded for a whole TTL (the server may
/// already have invalidated it, so a leader must stop).
/// </summary>
internal sealed class SessionKeeper : IAsyncDisposable
{
    private readonly ConsulClient _client;
    private readonly string _key;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _gone = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _disposed;

    public SessionKeeper(ConsulClient client, string sessionId, TimeSpan ttl, string key, ILogger logger)
    {
        _client = client;
        _key = key;
        _timeProvider = client.Options.TimeProvider;
        _logger = logger;
        SessionId = sessionId;
        _loop = RenewLoopAsync(ttl, _stop.Token);
    }

    public string SessionId { get; }

    public CancellationToken Gone => _gone.Token;

    public string? GoneReason { get; private set; }

    public void MarkGone(string reason)
    {
        GoneReason ??= reason;
        _gone.Cancel();
    }

    /// <summary>Stops renewing and destroys the session (which releases its locks).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        try
        {
            await _client.Sessions.DestroyAsync(SessionId, CancellationToken.None);
        }
#pragma warning disable CA1031 // Best effort: an undestroyed session expires by its TTL anyway.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LeaderElectionLog.AttemptFailed(_logger, ex, _key, TimeSpan.Zero);
        }

        MarkGone("session destroyed");
        _stop.Dispose();
    }

    private async Task RenewLoopAsync(TimeSpan ttl, CancellationToken stop)
    {
        await Task.Yield();
        var lastSuccess = _timeProvider.GetTimestamp();
        var delay = ttl / 2;
        while (!stop.IsCancellationRequested && !_gone.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, _timeProvider, stop);
                var renewal = await _client.Sessions.RenewAsync(SessionId, stop);
                if (renewal.IsGone)
                {
                    MarkGone("Consul no longer knows the session (renew answered 404)");
                    return;
                }

                ttl = renewal.Ttl is { } serverTtl && serverTtl > TimeSpan.Zero ? serverTtl : ttl;
                lastSuccess = _timeProvider.GetTimestamp();
                delay = ttl / 2;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed renew is retried until the TTL runs out; then the session counts as gone.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var remaining = ttl - _timeProvider.GetElapsedTime(lastSuccess);
                if (remaining <= TimeSpan.Zero)
                {
                    MarkGone("no renew succeeded within the session TTL");
                    return;
                }

                LeaderElectionLog.RenewFailed(_logger, ex, _key, remaining);
                delay = remaining < ttl / 6 ? remaining : ttl / 6;
            }
        }
    }
}
