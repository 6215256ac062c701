using VmMesh.Identity.Renewal;
using VmMesh.PolicyServer.Audit;
using VmMesh.PolicyServer.State;

namespace VmMesh.PolicyServer.Leadership;

/// <summary>
/// Removes a retired root once every leaf it can have signed has expired: a root stops signing when it is retired,
/// so its last leaf expires by <c>RetiredAt + leaf lifetime</c>; <see cref="Grace"/> covers replicas whose snapshot
/// still showed the old root for a moment after the rotation. Leader only.
/// </summary>
internal sealed class RootPruner(CaStore store, StateCache cache, AuditRecorder audit, TimeProvider timeProvider, CertificateLifetimeOptions lifetime)
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    /// <summary>When <paramref name="root"/> may be pruned.</summary>
    public DateTimeOffset PrunableAt(StoredRoot root) =>
        (root.RetiredAt ?? DateTimeOffset.MaxValue - lifetime.LeafLifetime - Grace) + lifetime.LeafLifetime + Grace;

    /// <summary>Prunes every retired root that is due; returns the IDs removed.</summary>
    public async Task<IReadOnlyList<string>> PruneAsync(CancellationToken cancellationToken)
    {
        var state = await store.LoadAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var pruned = new List<string>();
        foreach (var entry in state.Roots)
        {
            if (entry.Root.Id == state.ActiveRootId || entry.Root.RetiredAt is null || now < PrunableAt(entry.Root))
            {
                continue;
            }

            var record = audit.Create(AuditRecorder.ServerActor, "ca.prune", entry.Root.Id, Ca.RootRotation.Describe(entry.Root), null);
            if (await store.PruneAsync(entry, record, cancellationToken))
            {
                pruned.Add(entry.Root.Id);
            }
        }

        if (pruned.Count > 0)
        {
            await cache.RefreshCaAsync(cancellationToken);
        }

        return pruned;
    }
}
