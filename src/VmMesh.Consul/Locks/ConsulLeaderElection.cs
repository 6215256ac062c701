using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using VmMesh.Consul.Kv;
using VmMesh.Consul.Sessions;

namespace VmMesh.Consul.Locks;

/// <summary>
/// Leader election on a Consul key (§8.3). A candidate creates a TTL session without node checks, tries to acquire
/// the key, and otherwise follows the key with blocking reads until it is free, retrying after
/// <see cref="LeaderElectionOptions.RetryDelay"/> while lock-delay holds. The session is renewed from creation on, so
/// it survives a long wait as follower; if it disappears a new one is created.
/// </summary>
public sealed class ConsulLeaderElection
{
    private readonly ConsulClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly ILogger _logger;

    public ConsulLeaderElection(ConsulClient client, LeaderElectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options;
        _logger = client.Options.LoggerFactory.CreateLogger("VmMesh.Consul.Locks");
    }

    /// <summary>Waits until this candidate leads and returns the lease; cancel to stop trying.</summary>
    public async Task<LeadershipLease> AcquireAsync(CancellationToken cancellationToken = default)
    {
        SessionKeeper? keeper = null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (keeper is not null && keeper.Gone.IsCancellationRequested)
                {
                    LeaderElectionLog.SessionGone(_logger, _options.Key);
                    await keeper.DisposeAsync();
                    keeper = null;
                }

                try
                {
                    keeper ??= await CreateSessionAsync(cancellationToken);
                    if (await TryAcquireAsync(keeper, cancellationToken) is { } pair)
                    {
                        LeaderElectionLog.Acquired(_logger, _options.Key, pair.LockIndex);
                        var lease = new LeadershipLease(_client, _options, keeper, pair, _logger);
                        keeper = null;
                        return lease;
                    }

                    await WaitUntilFreeAsync(keeper, cancellationToken);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The session went away while waiting: loop round and create a new one.
                }
                // A session Consul no longer knows (KV acquire answers 'invalid session "<id>"'): make a new one at once.
                // Only with a session in hand: a rejected create ("Invalid session TTL …") is an ordinary failure below.
                catch (ConsulException ex) when (keeper is not null && ex.BodyContains("invalid session"))
                {
                    keeper?.MarkGone("Consul rejected the session as invalid");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LeaderElectionLog.AttemptFailed(_logger, ex, _options.Key, _options.RetryDelay);
                    await Task.Delay(_options.RetryDelay, _client.Options.TimeProvider, cancellationToken);
                }
            }
        }
        finally
        {
            if (keeper is not null)
            {
                await keeper.DisposeAsync();
            }
        }
    }

    /// <summary>Leads again and again: yields a lease, waits until it is lost, then competes for the next one.</summary>
    public async IAsyncEnumerable<LeadershipLease> LeadershipsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            LeadershipLease lease;
            try
            {
                lease = await AcquireAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            yield return lease;
            var lost = new TaskCompletionSource();
            using (lease.Lost.Register(() => lost.TrySetResult()))
            using (cancellationToken.Register(() => lost.TrySetResult()))
            {
                await lost.Task;
            }

            await lease.ReleaseAsync();
        }
    }

    private async Task<SessionKeeper> CreateSessionAsync(CancellationToken cancellationToken)
    {
        var id = await _client.Sessions.CreateAsync(
            new SessionCreateRequest
            {
                Name = _options.SessionName,
                Ttl = _options.SessionTtl,
                LockDelay = _options.LockDelay,
                Behavior = _options.Behavior,
                NodeChecks = [],
            },
            cancellationToken);
        return new SessionKeeper(_client, id, _options.SessionTtl, _options.Key, _logger);
    }

    private async Task<KVPair?> TryAcquireAsync(SessionKeeper keeper, CancellationToken cancellationToken)
    {
        if (!await _client.KV.AcquireAsync(_options.Key, _options.Value, keeper.SessionId, _options.Flags, cancellationToken))
        {
            return null;
        }

        var current = await _client.KV.GetAsync(_options.Key, new QueryOptions { Consistency = ConsistencyMode.Consistent }, cancellationToken);
        return current.Value is { } pair && pair.Session == keeper.SessionId ? pair : null;
    }

    /// <summary>
    /// Follows the key with the rate-limited blocking watch and returns once it looks free; when it was free from the
    /// start, acquisition failed because of lock-delay, so it first waits the retry delay. Throws
    /// <see cref="OperationCanceledException"/> without <paramref name="cancellationToken"/> when the session is gone.
    /// </summary>
    private async Task WaitUntilFreeAsync(SessionKeeper keeper, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, keeper.Gone);
        var token = linked.Token;
        var first = true;
        var watch = _client.KV.CreateKeyWatch(_options.Key, QueryOptions.Default, _options.MonitorWait);
        await foreach (var result in watch.WatchAsync(token))
        {
            if (result.Value?.Session is null)
            {
                if (first)
                {
                    await Task.Delay(_options.RetryDelay, _client.Options.TimeProvider, token);
                }

                return;
            }

            first = false;
        }

        // The watch only ends when cancelled.
        token.ThrowIfCancellationRequested();
    }
}
