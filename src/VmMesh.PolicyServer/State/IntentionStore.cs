using System.Globalization;
using System.Text;
using VmMesh.Consul;
using VmMesh.Consul.Txn;
using VmMesh.Policy.Json;
using VmMesh.Policy.Model;
using VmMesh.Policy.Validation;
using VmMesh.PolicyServer.Audit;
using VmMesh.PolicyServer.Client.Audit;

namespace VmMesh.PolicyServer.State;

/// <summary>
/// Intention documents (<c>vmmesh/intentions/docs/&lt;destination&gt;</c>, canonical JSON) and the rising version
/// (<c>vmmesh/intentions/version</c>); a document entry's KV flags hold the version it was written at. Every change bumps the version with CAS in the same transaction as the
/// document and its audit entry, so versions never repeat and a stale CAS from an operator is refused.
/// </summary>
internal sealed class IntentionStore(ConsulClient consul)
{
    public async Task<IntentionState> LoadAsync(CancellationToken cancellationToken)
    {
        var consistent = new QueryOptions { Consistency = ConsistencyMode.Consistent };
        var version = await consul.KV.GetAsync(KvKeys.IntentionsVersion, consistent, cancellationToken);
        var docs = await consul.KV.ListAsync(KvKeys.IntentionDocsPrefix, consistent, cancellationToken);
        var documents = new List<IntentionDocument>();
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pair in docs.Value)
        {
            var parsed = IntentionDocumentParser.Parse(pair.Value ?? []);
            var document = parsed.Value ?? throw new InvalidOperationException($"KV entry {pair.Key} is not a valid intentions document ({string.Join("; ", parsed.Errors)}); fix or delete it");
            documents.Add(document);
            versions[document.Destination] = (long)pair.Flags;
        }

        return new IntentionState(documents, ParseVersion(version.Value?.Value), version.Value?.ModifyIndex ?? ConsulIndex.Zero, versions);
    }

    /// <summary>
    /// Writes (or, with a null <paramref name="document"/>, deletes) one destination's document and bumps the version,
    /// if the version is still the one in <paramref name="state"/>. Returns the new version, or null on a lost race.
    /// </summary>
    public async Task<long?> WriteAsync(IntentionState state, string destination, IntentionDocument? document, AuditEntry audit, CancellationToken cancellationToken)
    {
        var next = state.Version + 1;
        var nextBytes = Encoding.UTF8.GetBytes(next.ToString(CultureInfo.InvariantCulture));
        var versionOp = state.VersionModifyIndex.IsZero
            ? KVTxnOp.CheckNotExists(KvKeys.IntentionsVersion)
            : KVTxnOp.CheckIndex(KvKeys.IntentionsVersion, state.VersionModifyIndex);
        var result = await consul.Txn.ExecuteAsync(
            [
                versionOp,
                KVTxnOp.Set(KvKeys.IntentionsVersion, nextBytes),
                document is null
                    ? KVTxnOp.Delete(KvKeys.IntentionDoc(destination))
                    : KVTxnOp.Set(KvKeys.IntentionDoc(destination), IntentionDocumentWriter.ToCanonicalJson(document), (ulong)next),
                AuditRecorder.Append(audit),
            ],
            cancellationToken);
        return result.Committed ? next : null;
    }

    private static long ParseVersion(byte[]? value) =>
        value is null ? 0 : long.Parse(Encoding.UTF8.GetString(value), NumberStyles.None, CultureInfo.InvariantCulture);
}
