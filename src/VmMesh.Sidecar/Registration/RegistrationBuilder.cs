// Registration: what the sidecar tells Consul, shaped so the Consul UI shows the service as meshed with its
// upstreams (reference/consul-api.md §9): the app with its own check, and <name>-sidecar-proxy (Kind connect-proxy)
// pointing at it with DestinationServiceName/ID, LocalServicePort and Upstreams, on the inbound port with a TCP
// check of the inbound listener. Built here as plain data; ConsulRegistrar sends it.
using System.Net;
using System.Reflection;
using VmMesh.Consul.Agent;
using VmMesh.Sidecar.Configuration;

namespace VmMesh.Sidecar.Registration;

/// <summary>Builds the app and proxy registrations from the options and the inbound port actually bound.</summary>
internal static class RegistrationBuilder
{
    /// <summary>A crash safety net: Consul drops a service whose check stayed critical this long.</summary>
    public static readonly TimeSpan DeregisterCriticalServiceAfter = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan ProxyCheckInterval = TimeSpan.FromSeconds(10);

    public static string Version { get; } =
        typeof(RegistrationBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static string ProxyId(ServiceOptions service) => $"{service.Id}-sidecar-proxy";

    public static SidecarRegistrations Build(SidecarOptions options, int inboundPort)
    {
        ArgumentNullException.ThrowIfNull(options);
        var service = options.Service;
        var meta = new Dictionary<string, string>(service.Meta, StringComparer.Ordinal) { [MeshMeta.VersionKey] = Version };
        var app = new AgentServiceRegistration
        {
            Id = service.Id,
            Name = service.Name.Value,
            Tags = service.Tags.IsEmpty ? null : [.. service.Tags],
            Address = options.Inbound.AdvertiseAddress,
            Port = service.Port,
            Meta = meta,
            Check = service.Check is { } check ? AppCheck(service, check) : null,
        };
        var proxy = new AgentServiceRegistration
        {
            Id = ProxyId(service),
            Name = $"{service.Name.Value}-sidecar-proxy",
            Kind = "connect-proxy",
            Address = options.Inbound.AdvertiseAddress,
            Port = inboundPort,
            Meta = new Dictionary<string, string>(StringComparer.Ordinal) { [MeshMeta.VersionKey] = Version },
            Proxy = new ServiceProxy
            {
                DestinationServiceName = service.Name.Value,
                DestinationServiceId = service.Id,
                LocalServiceAddress = "127.0.0.1",
                LocalServicePort = service.Port,
                Upstreams = options.Outbound.Upstreams.IsEmpty
                    ? null
                    : [.. options.Outbound.Upstreams.Select(u => new ProxyUpstream
                    {
                        DestinationType = "service",
                        DestinationName = u.Service.Value,
                        LocalBindAddress = "127.0.0.1",
                        LocalBindPort = u.LocalPort,
                    })],
            },
            Check = new AgentServiceCheck
            {
                CheckId = $"{ProxyId(service)}:inbound",
                Name = "Sidecar inbound mTLS listener",
                Tcp = $"{CheckHost(options.Inbound.BindAddress)}:{inboundPort}",
                Interval = ProxyCheckInterval,
                Timeout = TimeSpan.FromSeconds(2),
                DeregisterCriticalServiceAfter = DeregisterCriticalServiceAfter,
            },
        };
        return new SidecarRegistrations(app, proxy);
    }

    private static AgentServiceCheck AppCheck(ServiceOptions service, CheckOptions check) => new()
    {
        CheckId = $"{service.Id}:app",
        Name = check.Http is not null ? $"HTTP {check.Http}" : $"TCP {check.Tcp}",
        Http = check.Http?.ToString(),
        Tcp = check.Tcp,
        Interval = check.Interval,
        Timeout = check.Timeout,
        DeregisterCriticalServiceAfter = DeregisterCriticalServiceAfter,
    };

    /// <summary>The local agent probes the listener from this host: loopback when it listens on every interface.</summary>
    private static string CheckHost(IPAddress bind) =>
        bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any) ? "127.0.0.1"
        : bind.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bind}]"
        : bind.ToString();
}
