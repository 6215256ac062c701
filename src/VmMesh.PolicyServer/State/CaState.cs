using VmMesh.Consul;

namespace VmMesh.PolicyServer.State;

/// <summary>The CA entries as read from KV, with the indexes needed for CAS.</summary>
internal sealed record CaState(
    IReadOnlyList<CaState.Entry> Roots,
    string? ActiveRootId,
    ConsulIndex ActiveModifyIndex,
    ConsulIndex LastIndex)
{
    public bool IsInitialized => ActiveRootId is not null && Roots.Any(r => r.Root.Id == ActiveRootId);

    /// <summary>What changes the trust bundle or the signing root; used to skip snapshot rebuilds on unrelated writes.</summary>
    public string ContentKey => string.Join(
        ';',
        Roots.Select(r => $"{r.Root.Id}|{r.Root.RetiredAt?.UtcTicks}|{r.Root.CrossSignedPem?.Length}").Order(StringComparer.Ordinal)) + "#" + ActiveRootId;

    internal sealed record Entry(StoredRoot Root, ConsulIndex ModifyIndex);
}
