// Leadership: one replica at a time holds the Consul session lock on vmmesh/leader and does the work that needs a
// single writer (first CA creation, pruning retired roots, publishing the signed bundle and shards). Every replica
// signs and serves reads, so losing the leader never pauses signing.
//
// Takeover bound: a killed leader stops renewing its session; Consul invalidates it within 2 × TTL (the TTL is
// enforced lazily, up to twice its value), which releases the lock; lock-delay then blocks re-acquisition for
// LockDelay, and a waiting candidate retries every RetryDelay. With the defaults (TTL 15 s, lock delay 5 s,
// retry 1 s): at most 2 × 15 + 5 + 1 = 36 s. With --session-ttl 2s --lock-delay 1s: at most 2 × 2 + 1 + 1 = 6 s.
using System.Text.Json;
using VmMesh.Consul;
using VmMesh.Consul.Locks;
using VmMesh.PolicyServer.Ca;
using VmMesh.PolicyServer.Hosting;
using VmMesh.PolicyServer.State;

namespace VmMesh.PolicyServer.Leadership;

/// <summary>Competes for leadership and, while leading, keeps the shared state published and pruned.</summary>
internal sealed class LeaderService(
    ConsulClient consul,
    PolicyServerOptions options,
    string replicaId,
    StateCache cache,
    ServerCredentials credentials,
    RootRotation rotation,
    RootPruner pruner,
    StatePublisher publisher,
    ILogger<LeaderService> logger)
{
    /// <summary>How often a waiting candidate retries while lock-delay blocks it.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>How often the leader re-checks pruning and publication without a change signal.</summary>
    public static readonly TimeSpan PeriodicCheck = TimeSpan.FromSeconds(30);

    private volatile LeadershipLease? _lease;

    public bool IsLeader => _lease is { } lease && !lease.Lost.IsCancellationRequested;

    /// <summary>The worst-case takeover time after the leader dies, for logs and docs.</summary>
    public static TimeSpan TakeoverBound(PolicyServerOptions options) => (2 * options.SessionTtl) + options.LockDelay + RetryDelay;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var election = new ConsulLeaderElection(consul, new LeaderElectionOptions
        {
            Key = KvKeys.Leader,
            Value = JsonSerializer.SerializeToUtf8Bytes(new { replicaId }),
            SessionName = "vmmesh-policy-server",
            SessionTtl = options.SessionTtl,
            LockDelay = options.LockDelay,
            RetryDelay = RetryDelay,
            MonitorWait = TimeSpan.FromSeconds(15),
        });
        await foreach (var lease in election.LeadershipsAsync(cancellationToken))
        {
            _lease = lease;

            // Whatever another leader wrote meanwhile is signed with its certificate; write everything again with ours.
            publisher.Reset();
            PolicyServerLog.BecameLeader(logger, replicaId, lease.FencingToken, TakeoverBound(options));
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
            try
            {
                await LeadAsync(leading.Token);
            }
            catch (OperationCanceledException) when (leading.IsCancellationRequested)
            {
                // Lost the lease or shutting down.
            }
            finally
            {
                _lease = null;
                PolicyServerLog.StoppedLeading(logger, replicaId, lease.LostReason ?? "shutdown");
            }
        }
    }

    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = Task.WhenAny(cache.CaChanged.Next, cache.IntentionsChanged.Next, credentials.Changed.Next);
            try
            {
                if (cache.Ca is null && await rotation.InitializeAsync(cancellationToken))
                {
                    PolicyServerLog.CaCreated(logger, cache.RequireCa().Bundle.ActiveRootId);
                }

                if (cache.Ca is not null)
                {
                    credentials.EnsureIssued();
                    await pruner.PruneAsync(cancellationToken);
                    await publisher.PublishAsync(cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                PolicyServerLog.LeaderWorkFailed(logger, ex);
            }

            // Wake on a change (CA, intentions, or our certificates renewed: publication re-signs with the new ones),
            // or periodically for pruning (and to retry after a failure). Infrastructure timing,
            // not tested logic: the Consul client's clock.
            await Task.WhenAny(changed, Task.Delay(PeriodicCheck, consul.Options.TimeProvider, cancellationToken)).WaitAsync(cancellationToken);
        }
    }
}
