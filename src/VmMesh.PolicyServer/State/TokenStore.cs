using VmMesh.Consul;
using VmMesh.Consul.Txn;
using VmMesh.PolicyServer.Audit;
using VmMesh.PolicyServer.Client.Audit;

namespace VmMesh.PolicyServer.State;

/// <summary>
/// Join tokens in KV. Spending a use is a CAS write on the token's entry: of two hosts racing for the last use,
/// the second CAS fails, re-reads and finds none left.
/// </summary>
internal sealed class TokenStore(ConsulClient consul)
{
    public async Task<(StoredToken Token, ConsulIndex ModifyIndex)?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var result = await consul.KV.GetAsync(KvKeys.Token(id), new QueryOptions { Consistency = ConsistencyMode.Consistent }, cancellationToken);
        return result.Value is { } pair ? (StateJson.Deserialize<StoredToken>(pair.Value, pair.Key), pair.ModifyIndex) : null;
    }

    public async Task<IReadOnlyList<StoredToken>> ListAsync(CancellationToken cancellationToken)
    {
        var result = await consul.KV.ListAsync(KvKeys.TokensPrefix, cancellationToken: cancellationToken);
        return [.. result.Value.Select(p => StateJson.Deserialize<StoredToken>(p.Value, p.Key))];
    }

    public async Task<bool> CreateAsync(StoredToken token, AuditEntry audit, CancellationToken cancellationToken)
    {
        var result = await consul.Txn.ExecuteAsync(
            [
                KVTxnOp.CheckNotExists(KvKeys.Token(token.Id)),
                KVTxnOp.Set(KvKeys.Token(token.Id), StateJson.Serialize(token)),
                AuditRecorder.Append(audit),
            ],
            cancellationToken);
        return result.Committed;
    }

    /// <summary>Writes <paramref name="updated"/> only if the entry is still at <paramref name="modifyIndex"/>.</summary>
    public Task<bool> ReplaceAsync(StoredToken updated, ConsulIndex modifyIndex, CancellationToken cancellationToken) =>
        consul.KV.PutCasAsync(KvKeys.Token(updated.Id), StateJson.Serialize(updated), modifyIndex, cancellationToken: cancellationToken);

    public async Task<bool> RevokeAsync(StoredToken revoked, ConsulIndex modifyIndex, AuditEntry audit, CancellationToken cancellationToken)
    {
        var result = await consul.Txn.ExecuteAsync(
            [
                KVTxnOp.Cas(KvKeys.Token(revoked.Id), StateJson.Serialize(revoked), modifyIndex),
                AuditRecorder.Append(audit),
            ],
            cancellationToken);
        return result.Committed;
    }
}
