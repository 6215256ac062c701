using System.Globalization;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Agent;

/// <summary>Proxy block conversion and upstream validation (structs.Upstream.Validate and the duplicate rules).</summary>
internal static class ProxyBuilder
{
    public static ProxyRecord Build(ProxyDefinition p) => new()
    {
        DestinationServiceName = p.DestinationServiceName ?? string.Empty,
        DestinationServiceId = p.DestinationServiceId ?? string.Empty,
        LocalServiceAddress = p.LocalServiceAddress ?? string.Empty,
        LocalServicePort = p.LocalServicePort,
        LocalServiceSocketPath = p.LocalServiceSocketPath ?? string.Empty,
        Mode = p.Mode ?? string.Empty,
        TransparentProxy = p.TransparentProxy is { } tp ? (tp.OutboundListenerPort, tp.DialedDirectly) : null,
        Config = p.Config is { ValueKind: System.Text.Json.JsonValueKind.Object } c ? c.Clone() : null,
        Upstreams = [.. (p.Upstreams ?? []).Select(u => new UpstreamRecord(
            u.DestinationType is { Length: > 0 } t ? t : "service",
            u.DestinationName ?? string.Empty,
            u.Datacenter ?? string.Empty,
            u.LocalBindAddress ?? string.Empty,
            u.LocalBindPort,
            u.LocalBindSocketPath ?? string.Empty,
            u.LocalBindSocketMode ?? string.Empty,
            u.Config is { ValueKind: System.Text.Json.JsonValueKind.Object } uc ? uc.Clone() : null,
            u.MeshGateway?.Mode ?? string.Empty,
            u.CentrallyConfigured))],
        MeshGatewayMode = p.MeshGateway?.Mode ?? string.Empty,
        ExposeChecks = p.Expose?.Checks ?? false,
        ExposePaths = [.. (p.Expose?.Paths ?? []).Select(e => new ExposePathRecord(e.Path ?? string.Empty, e.LocalPathPort, e.ListenerPort, e.Protocol ?? string.Empty))],
    };

    public static void ValidateUpstreams(IReadOnlyList<UpstreamDefinition> upstreams, ValidationErrors errors)
    {
        var destinations = new HashSet<string>(StringComparer.Ordinal);
        var binds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var u in upstreams)
        {
            var name = u.DestinationName ?? string.Empty;
            if (name.Length == 0)
            {
                errors.Add("upstream destination name cannot be empty");
            }
            else if (name == "*" && !u.CentrallyConfigured)
            {
                errors.Add("upstream destination name cannot be a wildcard");
            }

            if (u.LocalBindPort == 0 && string.IsNullOrEmpty(u.LocalBindSocketPath) && !u.CentrallyConfigured)
            {
                errors.Add("upstream local bind port or local socket path must be defined and nonzero");
            }

            if (u.LocalBindPort != 0 && !string.IsNullOrEmpty(u.LocalBindSocketPath))
            {
                errors.Add("only one of upstream local bind port or local socket path can be defined and nonzero");
            }

            var type = u.DestinationType is { Length: > 0 } t ? t : "service";
            var key = $"{type}:{u.Datacenter}/{name}";
            if (name.Length > 0 && !destinations.Add(key))
            {
                errors.Add($"upstreams cannot contain duplicates of {name}");
            }

            var bind = !string.IsNullOrEmpty(u.LocalBindSocketPath) ? u.LocalBindSocketPath
                : (u.LocalBindAddress ?? string.Empty) + ":" + u.LocalBindPort.ToString(CultureInfo.InvariantCulture);
            if ((u.LocalBindPort != 0 || !string.IsNullOrEmpty(u.LocalBindSocketPath)) && !binds.Add(bind))
            {
                errors.Add($"upstreams cannot contain duplicates by local bind address and port or unix path; \"{bind}\" is specified twice");
            }
        }
    }
}
