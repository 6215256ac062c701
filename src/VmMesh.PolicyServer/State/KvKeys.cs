// Shared state in Consul KV, all under vmmesh/ (docs/policy-server-api.md, "State in Consul KV"). Stores read and
// write it through ConsulClient with CAS or transactions so concurrent replicas never overwrite each other;
// StateCache watches it and keeps immutable snapshots that endpoints read.
namespace VmMesh.PolicyServer.State;

/// <summary>The KV keys the policy server owns.</summary>
internal static class KvKeys
{
    public const string RootsPrefix = "vmmesh/ca/roots/";
    public const string ActiveRoot = "vmmesh/ca/active";
    public const string TrustBundle = "vmmesh/ca/bundle";
    public const string TokensPrefix = "vmmesh/tokens/";
    public const string IntentionDocsPrefix = "vmmesh/intentions/docs/";
    public const string IntentionsVersion = "vmmesh/intentions/version";
    public const string ShardsPrefix = "vmmesh/intentions/shards/";
    public const string AuditPrefix = "vmmesh/audit/";
    public const string Leader = "vmmesh/leader";

    /// <summary>KV-safe name of a destination: <c>*</c> becomes <c>_wildcard</c>.</summary>
    public static string DestinationSegment(string destination) => destination == "*" ? "_wildcard" : destination;

    public static string DestinationFromSegment(string segment) => segment == "_wildcard" ? "*" : segment;

    /// <summary>Roots are keyed by the hex part of their <c>sha256:</c> fingerprint.</summary>
    public static string Root(string rootId) => RootsPrefix + rootId.Replace("sha256:", string.Empty, StringComparison.Ordinal);

    public static string Token(string id) => TokensPrefix + id;

    public static string IntentionDoc(string destination) => IntentionDocsPrefix + DestinationSegment(destination);

    public static string Shard(string destination) => ShardsPrefix + DestinationSegment(destination);
}
