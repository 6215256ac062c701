namespace VmMesh.Bench.Topology;

/// <summary>
/// Where one sidecar listens. Each host is a fresh namespace, so fixed ports cannot collide with anything else on the
/// machine; the inbound listener binds the host's bridge address, outbound and admin its loopback.
/// </summary>
internal sealed record SidecarPlan(string Service, int AppPort, bool AppHasHealthCheck, int InboundPort, int OutboundPort, int AdminPort)
{
    public static SidecarPlan Web { get; } = new("web", 8080, AppHasHealthCheck: false, InboundPort: 20000, OutboundPort: 15001, AdminPort: 19000);

    public static SidecarPlan Api { get; } = new("api", 8080, AppHasHealthCheck: true, InboundPort: 20000, OutboundPort: 15001, AdminPort: 19000);
}
