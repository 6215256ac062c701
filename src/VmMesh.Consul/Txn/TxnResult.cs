using VmMesh.Consul.Kv;

namespace VmMesh.Consul.Txn;

/// <summary>
/// Outcome of a transaction. A rollback (409) is a normal outcome, not an exception: <see cref="Committed"/> is false
/// and <see cref="Errors"/> says which operation failed.
/// </summary>
public sealed record TxnResult
{
    public bool Committed { get; init; }

    /// <summary>One entry per operation that returns one (values only for get verbs).</summary>
    public IReadOnlyList<KVPair> Results { get; init; } = [];

    public IReadOnlyList<TxnError> Errors { get; init; } = [];
}
