namespace VmMesh.EndToEnd.Tests.Support;

/// <summary>
/// What one test sidecar is: its service and instance, the app port behind it, its fixed ports (fixed so a restarted
/// sidecar comes back where Consul and the peers' caches say it is), whether the app has a Consul check, and its
/// explicit upstreams.
/// </summary>
internal sealed record SidecarSpec(
    string Name,
    string Id,
    int AppPort,
    int InboundPort,
    int OutboundPort,
    int AdminPort,
    bool AppCheck,
    IReadOnlyList<SidecarUpstream> Upstreams);

/// <summary>An explicit upstream: <c>127.0.0.1:LocalPort</c> on the sidecar's host means <paramref name="Service"/>.</summary>
internal sealed record SidecarUpstream(string Service, int LocalPort);
