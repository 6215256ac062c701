// Discovery: which peer sidecars serve a service. Flow: the first outbound request for a service starts a watch of
// /v1/health/connect/<service>?passing (blocking queries); each answer becomes a ServiceEndpoints snapshot published
// whole; the outbound balancer always reads the latest one.
namespace VmMesh.Sidecar.Discovery;

/// <summary>Where a peer sidecar's inbound listener is: host (IP or name) and port.</summary>
internal readonly record struct EndpointAddress(string Host, int Port)
{
    /// <summary>The https:// prefix YARP forwards to; IPv6 hosts are bracketed.</summary>
    public string ToHttpsPrefix() => Host.Contains(':', StringComparison.Ordinal) ? $"https://[{Host}]:{Port}/" : $"https://{Host}:{Port}/";

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
