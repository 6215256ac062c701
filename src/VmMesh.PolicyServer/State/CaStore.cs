using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using VmMesh.Consul;
using VmMesh.Consul.Txn;
using VmMesh.Identity.Authority;
using VmMesh.PolicyServer.Audit;
using VmMesh.PolicyServer.Client.Audit;

namespace VmMesh.PolicyServer.State;

/// <summary>
/// Reads and writes the CA roots (<c>vmmesh/ca/roots/*</c>, <c>vmmesh/ca/active</c>). Every write is one Consul
/// transaction guarded by CAS on the active-root key, so of two concurrent creations or rotations exactly one wins.
/// </summary>
internal sealed class CaStore(ConsulClient consul, KeyEncryptionKey kek)
{
    public async Task<CaState> LoadAsync(CancellationToken cancellationToken)
    {
        var list = await consul.KV.ListAsync(KvKeys.RootsPrefix, new QueryOptions { Consistency = ConsistencyMode.Consistent }, cancellationToken);
        var active = await consul.KV.GetAsync(KvKeys.ActiveRoot, new QueryOptions { Consistency = ConsistencyMode.Consistent }, cancellationToken);
        var roots = list.Value.Select(p => new CaState.Entry(StateJson.Deserialize<StoredRoot>(p.Value, p.Key), p.ModifyIndex)).ToList();
        var activeId = active.Value?.Value is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
        var lastIndex = list.Meta.LastIndex > active.Meta.LastIndex ? list.Meta.LastIndex : active.Meta.LastIndex;
        return new CaState(roots, activeId, active.Value?.ModifyIndex ?? ConsulIndex.Zero, lastIndex);
    }

    /// <summary>Seals a root's private key for storage.</summary>
    public StoredRoot Seal(X509Certificate2 rootWithKey, X509Certificate2? crossSigned, DateTimeOffset now)
    {
        var id = CertificateFingerprint.Of(rootWithKey);
        using var key = rootWithKey.GetECDsaPrivateKey() ?? throw new ArgumentException("root has no ECDSA private key", nameof(rootWithKey));
        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            return new StoredRoot(
                id,
                PemEncoding.WriteString("CERTIFICATE", rootWithKey.RawData),
                kek.Seal(pkcs8, id),
                crossSigned is null ? null : PemEncoding.WriteString("CERTIFICATE", crossSigned.RawData),
                now,
                null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>The root certificate with its private key, opened with the KEK.</summary>
    public X509Certificate2 Open(StoredRoot root)
    {
        byte[] pkcs8;
        try
        {
            pkcs8 = kek.Open(root.SealedKey, root.Id);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"cannot decrypt the private key of CA root {root.Id} with this replica's KEK; every replica must use the same --kek-file as the one that created the CA", ex);
        }

        try
        {
            using var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            using var certificate = X509Certificate2.CreateFromPem(root.CertificatePem);
            return certificate.CopyWithPrivateKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>Writes the first root; false when another replica created one first.</summary>
    public async Task<bool> CreateInitialAsync(StoredRoot root, AuditEntry audit, CancellationToken cancellationToken)
    {
        var result = await consul.Txn.ExecuteAsync(
            [
                KVTxnOp.CheckNotExists(KvKeys.ActiveRoot),
                KVTxnOp.Set(KvKeys.Root(root.Id), StateJson.Serialize(root)),
                KVTxnOp.Set(KvKeys.ActiveRoot, Encoding.UTF8.GetBytes(root.Id)),
                AuditRecorder.Append(audit),
            ],
            cancellationToken);
        return result.Committed;
    }

    /// <summary>Makes <paramref name="newRoot"/> active and marks the old one retired; false when the CA changed meanwhile.</summary>
    public async Task<bool> RotateAsync(CaState current, StoredRoot newRoot, DateTimeOffset now, AuditEntry audit, CancellationToken cancellationToken)
    {
        var old = current.Roots.Single(r => r.Root.Id == current.ActiveRootId);
        var retired = old.Root with { RetiredAt = now };
        var result = await consul.Txn.ExecuteAsync(
            [
                KVTxnOp.Cas(KvKeys.ActiveRoot, Encoding.UTF8.GetBytes(newRoot.Id), current.ActiveModifyIndex),
                KVTxnOp.Cas(KvKeys.Root(old.Root.Id), StateJson.Serialize(retired), old.ModifyIndex),
                KVTxnOp.CheckNotExists(KvKeys.Root(newRoot.Id)),
                KVTxnOp.Set(KvKeys.Root(newRoot.Id), StateJson.Serialize(newRoot)),
                AuditRecorder.Append(audit),
            ],
            cancellationToken);
        return result.Committed;
    }

    /// <summary>Deletes a retired root; false when it changed or is already gone.</summary>
    public async Task<bool> PruneAsync(CaState.Entry root, AuditEntry audit, CancellationToken cancellationToken)
    {
        // check-index, not delete-cas: Consul's delete-cas succeeds on a missing key, which would let two replicas
        // both record the prune in the audit log.
        var result = await consul.Txn.ExecuteAsync(
            [
                KVTxnOp.CheckIndex(KvKeys.Root(root.Root.Id), root.ModifyIndex),
                KVTxnOp.Delete(KvKeys.Root(root.Root.Id)),
                AuditRecorder.Append(audit),
            ],
            cancellationToken);
        return result.Committed;
    }
}
