// The append-only audit log: every change an operator makes (tokens, intentions, CA) is recorded as one KV entry
// under vmmesh/audit/<time-ordered id>, written in the same Consul transaction as the change itself, so a change
// without its record (or the reverse) cannot happen. Entries are never updated or deleted by the server.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VmMesh.Consul;
using VmMesh.Consul.Txn;
using VmMesh.PolicyServer.Client.Audit;
using VmMesh.PolicyServer.Client.Json;
using VmMesh.PolicyServer.State;

namespace VmMesh.PolicyServer.Audit;

/// <summary>Makes audit entries and the transaction operations that append them; reads them back in order.</summary>
internal sealed class AuditRecorder(ConsulClient consul, TimeProvider timeProvider, Random random)
{
    public const string AdminActor = "admin";
    public const string ServerActor = "policy-server";

    private readonly Lock _lock = new();
    private long _lastTicks;

    /// <summary>
    /// An entry stamped now. Its ID sorts by time: ticks (zero-padded, strictly rising within this replica even when
    /// the clock stands still or two changes share a tick), then a random suffix against collisions between replicas.
    /// </summary>
    public AuditEntry Create(string actor, string action, string target, JsonNode? before, JsonNode? after)
    {
        var now = timeProvider.GetUtcNow();
        int suffix;
        long ticks;
        lock (_lock)
        {
            suffix = random.Next();
            ticks = _lastTicks = Math.Max(now.UtcTicks, _lastTicks + 1);
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"{ticks:D19}-{suffix:x8}");
        return new AuditEntry(id, now, actor, action, target, ToElement(before), ToElement(after));
    }

    public static KVTxnOp Append(AuditEntry entry) =>
        KVTxnOp.Set(KvKeys.AuditPrefix + entry.Id, JsonSerializer.SerializeToUtf8Bytes(entry, PolicyServerJson.Strict.AuditEntry));

    private static JsonElement? ToElement(JsonNode? node) => node is null ? null : JsonElementOf(node);

    private static JsonElement JsonElementOf(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    /// <summary>Entries oldest first, from <paramref name="since"/> on (inclusive), at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        var result = await consul.KV.ListAsync(KvKeys.AuditPrefix, cancellationToken: cancellationToken);
        return [.. result.Value
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Deserialize(p.Value ?? [], PolicyServerJson.Tolerant.AuditEntry)!)
            .Where(e => since is null || e.Time >= since)
            .Take(limit)];
    }
}
