using Microsoft.Extensions.Logging;
using VmMesh.Consul.Kv;

namespace VmMesh.Consul.Locks;

/// <summary>
/// Held leadership. Do leader work only while <see cref="Lost"/> has not fired, and stamp side effects with
/// <see cref="FencingToken"/> (the key's LockIndex, which grows with every new holder) so a stale leader's writes can
/// be rejected. <see cref="Lost"/> fires when the session is gone, when the key no longer names this session, or after
/// <see cref="ReleaseAsync"/>.
/// </summary>
public sealed class LeadershipLease : IAsyncDisposable
{
    private readonly ConsulClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly SessionKeeper _keeper;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost;
    private readonly CancellationToken _lostToken;
    private readonly Task _monitor;
    private string? _lostReason;
    private int _released;

    internal LeadershipLease(ConsulClient client, LeaderElectionOptions options, SessionKeeper keeper, KVPair pair, ILogger logger)
    {
        _client = client;
        _options = options;
        _keeper = keeper;
        _logger = logger;
        FencingToken = pair.LockIndex;
        _lost = CancellationTokenSource.CreateLinkedTokenSource(keeper.Gone);
        _lostToken = _lost.Token;
        _lostToken.Register(() =>
        {
            if (_released == 0)
            {
                LeaderElectionLog.Lost(_logger, _options.Key, LostReason ?? "unknown"); // a step-down logs Released instead
            }
        });
        _monitor = MonitorKeyAsync();
    }

    /// <summary>Fires the moment leadership is (or must be assumed) lost.</summary>
    public CancellationToken Lost => _lostToken;

    /// <summary>The key's LockIndex at acquisition: a monotonically growing fencing token.</summary>
    public ulong FencingToken { get; }

    public string Key => _options.Key;

    /// <summary>The session holding the lock.</summary>
    public string SessionId => _keeper.SessionId;

    /// <summary>Why <see cref="Lost"/> fired, once it has.</summary>
    public string? LostReason => _lostReason ?? (_keeper.Gone.IsCancellationRequested ? _keeper.GoneReason : null);

    /// <summary>Steps down: releases the key (no lock-delay, so another candidate can take over at once) and destroys the session.</summary>
    public async ValueTask ReleaseAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 1)
        {
            return;
        }

        // Stop acting as leader before the key is let go (and so before the key watch below can see another
        // holder and report that as the reason instead).
        var held = !_lost.IsCancellationRequested;
        MarkLost("released");
        if (held)
        {
            try
            {
                await _client.KV.ReleaseAsync(_options.Key, _options.Value, SessionId, _options.Flags, CancellationToken.None);
            }
#pragma warning disable CA1031 // Destroying the session below releases the key anyway.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LeaderElectionLog.AttemptFailed(_logger, ex, _options.Key, TimeSpan.Zero);
            }

            LeaderElectionLog.Released(_logger, _options.Key);
        }

        await _keeper.DisposeAsync();
        await _monitor;
        _lost.Dispose();
    }

    public ValueTask DisposeAsync() => ReleaseAsync();

    private void MarkLost(string reason)
    {
        _lostReason ??= reason;
        try
        {
            _lost.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already released.
        }
    }

    private async Task MonitorKeyAsync()
    {
        await Task.Yield();
        var token = _lostToken;
        var watch = _client.KV.CreateKeyWatch(_options.Key, new QueryOptions { Consistency = ConsistencyMode.Consistent });
        try
        {
            await foreach (var result in watch.WatchAsync(token))
            {
                var pair = result.Value;
                if (pair is null)
                {
                    MarkLost("the lock key was deleted");
                    return;
                }

                if (pair.Session != SessionId)
                {
                    MarkLost("the lock key is no longer held by this session");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Lease over.
        }
    }
}
