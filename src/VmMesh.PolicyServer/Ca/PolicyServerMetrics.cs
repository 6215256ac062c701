using System.Diagnostics.Metrics;

namespace VmMesh.PolicyServer.Ca;

/// <summary>
/// Counters of the policy server (meter <c>VmMesh.PolicyServer</c>). Leaf issuance is counted here and never written
/// to KV one by one: a fleet renewing every 12 h would otherwise turn Consul into a write-heavy log.
/// </summary>
internal sealed class PolicyServerMetrics : IDisposable
{
    public const string MeterName = "VmMesh.PolicyServer";

    private readonly Meter _meter;
    private readonly Counter<long> _issued;
    private readonly Counter<long> _rejected;

    public PolicyServerMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _issued = _meter.CreateCounter<long>("vmmesh.policy_server.leaves_issued", description: "Leaf certificates issued, by authentication (join_token or renewal).");
        _rejected = _meter.CreateCounter<long>("vmmesh.policy_server.sign_rejected", description: "Sign requests refused, by HTTP status.");
    }

    public void LeafIssued(string authentication) => _issued.Add(1, new KeyValuePair<string, object?>("auth", authentication));

    public void SignRejected(int status) => _rejected.Add(1, new KeyValuePair<string, object?>("status", status));

    public void Dispose() => _meter.Dispose();
}
