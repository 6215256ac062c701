// From a /v1/agent/service/register body to the records to store: validation in Consul's order
// (name, address, weights, meta, NodeService.Validate, checks, check statuses), generated check
// IDs and names, automatic tagged addresses, and the Connect.SidecarService expansion.
using System.Collections.Immutable;
using System.Net;
using VmMesh.Consul.Dev.Http;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Agent;

internal sealed class ServiceRegistrationBuilder
{
    private const int SidecarPortMin = 21000;
    private const int SidecarPortMax = 21255;

    private readonly TimeSpan _minimumInterval;

    public ServiceRegistrationBuilder(TimeSpan minimumInterval)
    {
        _minimumInterval = minimumInterval;
    }

    public IReadOnlyList<ServiceRegistration> Build(ServiceDefinition def, IReadOnlyList<ServiceRecord> existing)
    {
        if (string.IsNullOrEmpty(def.Name))
        {
            throw new ConsulHttpError(400, "Missing service name");
        }

        if (IsUnspecified(def.Address))
        {
            throw new ConsulHttpError(400, "Invalid service address");
        }

        ValidateWeights(def.Weights);
        MetaValidator.Validate(def.Meta);
        ValidateNodeService(def);
        var service = BuildService(def, def.Id is { Length: > 0 } id ? id : def.Name, def.Name, def.Kind ?? string.Empty, null);
        var checks = BuildChecks(def, service);
        var result = new List<ServiceRegistration> { new(service, checks) };
        if (def.Connect?.SidecarService is { } sidecar)
        {
            result.Add(BuildSidecar(sidecar, service, existing));
        }

        return result;
    }

    private List<CheckRecord> BuildChecks(ServiceDefinition def, ServiceRecord service)
    {
        var defs = new List<ServiceCheckDefinition>();
        if (def.Check is { IsEmpty: false } single)
        {
            defs.Add(single);
        }

        defs.AddRange((def.Checks ?? []).Where(c => c is { IsEmpty: false }));
        foreach (var d in defs)
        {
            CheckBuilder.Validate(d);
        }

        foreach (var d in defs)
        {
            CheckBuilder.ValidateStatus(d);
        }

        var checks = new List<CheckRecord>();
        for (var i = 0; i < defs.Count; i++)
        {
            var d = defs[i];
            var checkId = d.CheckId is { Length: > 0 } given ? given : defs.Count > 1 ? $"service:{service.Id}:{i + 1}" : $"service:{service.Id}";
            var name = d.Name is { Length: > 0 } n ? n : $"Service '{service.Name}' check";
            checks.Add(CheckBuilder.Build(d, checkId, name, service.Id, service.Name, service.Tags, _minimumInterval));
        }

        return checks;
    }

    private ServiceRegistration BuildSidecar(ServiceDefinition sd, ServiceRecord parent, IReadOnlyList<ServiceRecord> existing)
    {
        var id = parent.Id + "-sidecar-proxy";
        ValidateWeights(sd.Weights);
        MetaValidator.Validate(sd.Meta);
        var port = sd.Port;
        if (port == 0)
        {
            var previous = existing.FirstOrDefault(s => s.Id == id);
            if (previous is { Port: >= SidecarPortMin and <= SidecarPortMax })
            {
                port = previous.Port;
            }
            else
            {
                var used = existing.Where(s => s.Id != id).Select(s => s.Port).ToHashSet();
                port = Enumerable.Range(SidecarPortMin, SidecarPortMax - SidecarPortMin + 1).FirstOrDefault(p => !used.Contains(p));
                if (port == 0)
                {
                    throw new ConsulHttpError(400, "Invalid SidecarService: no port provided for sidecar_service and none left in the configured range [21000, 21255]");
                }
            }
        }

        var proxyDef = sd.Proxy ?? new ProxyDefinition();
        proxyDef.DestinationServiceName = parent.Name;
        proxyDef.DestinationServiceId = parent.Id;
        if (string.IsNullOrEmpty(proxyDef.LocalServiceAddress))
        {
            proxyDef.LocalServiceAddress = "127.0.0.1";
        }

        if (proxyDef.LocalServicePort == 0)
        {
            proxyDef.LocalServicePort = parent.Port;
        }

        var effective = new ServiceDefinition
        {
            Kind = "connect-proxy",
            Name = sd.Name is { Length: > 0 } n ? n : parent.Name + "-sidecar-proxy",
            Tags = sd.Tags is { Count: > 0 } ? sd.Tags : [.. parent.Tags],
            Meta = sd.Meta is { Count: > 0 } ? sd.Meta : parent.Meta?.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            Address = sd.Address is { Length: > 0 } a ? a : parent.Address,
            TaggedAddresses = sd.TaggedAddresses,
            Port = port,
            SocketPath = sd.SocketPath,
            Weights = sd.Weights,
            EnableTagOverride = sd.EnableTagOverride,
            Proxy = proxyDef,
            Check = sd.Check,
            Checks = sd.Checks,
        };
        ValidateNodeService(effective);
        var service = BuildService(effective, id, effective.Name!, "connect-proxy", parent.Id);
        var checks = BuildChecks(effective, service);
        if (checks.Count == 0)
        {
            var address = service.Address.Length > 0 ? service.Address : "127.0.0.1";
            var defaults = new List<ServiceCheckDefinition>
            {
                new() { Name = "Connect Sidecar Listening", Tcp = FormatHostPort(address, port), Interval = new Json.DurationValue(TimeSpan.FromSeconds(10), "10s", false) },
                new() { Name = "Connect Sidecar Aliasing " + parent.Id, AliasService = parent.Id },
            };
            checks = defaults.Select((d, i) => CheckBuilder.Build(d, $"service:{id}:{i + 1}", d.Name!, id, service.Name, service.Tags, _minimumInterval)).ToList();
        }

        return new ServiceRegistration(service, checks);
    }

    private static ServiceRecord BuildService(ServiceDefinition def, string id, string name, string kind, string? sidecarParent)
    {
        var address = def.Address ?? string.Empty;
        var tagged = (def.TaggedAddresses ?? []).ToImmutableSortedDictionary(
            p => p.Key, p => new TaggedAddress(p.Value.Address ?? string.Empty, p.Value.Port), StringComparer.Ordinal);
        if (IPAddress.TryParse(address, out var ip))
        {
            var suffix = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4";
            foreach (var key in new[] { "lan_" + suffix, "wan_" + suffix })
            {
                if (!tagged.ContainsKey(key))
                {
                    tagged = tagged.Add(key, new TaggedAddress(address, def.Port));
                }
            }
        }

        return new ServiceRecord
        {
            Kind = kind,
            Id = id,
            Name = name,
            Tags = [.. def.Tags ?? []],
            Meta = def.Meta?.ToImmutableSortedDictionary(StringComparer.Ordinal),
            Port = def.Port,
            Address = address,
            SocketPath = def.SocketPath ?? string.Empty,
            TaggedAddresses = tagged,
            Weights = def.Weights is { } w ? new ServiceWeights(w.Passing, w.Warning) : new ServiceWeights(1, 1),
            EnableTagOverride = def.EnableTagOverride,
            Proxy = def.Proxy is { } p && kind.Length > 0 ? ProxyBuilder.Build(p) : null,
            ConnectNative = def.Connect?.Native ?? false,
            SidecarParentId = sidecarParent,
        };
    }

    /// <summary>NodeService.Validate: proxy rules, upstreams, nested sidecars (collected, then one 400).</summary>
    private static void ValidateNodeService(ServiceDefinition def)
    {
        var errors = new ValidationErrors();
        if (def.Kind == "connect-proxy")
        {
            var dest = def.Proxy?.DestinationServiceName ?? string.Empty;
            if (dest.Trim().Length == 0)
            {
                errors.Add("Proxy.DestinationServiceName must be non-empty for Connect proxy services");
            }

            if (dest == "*")
            {
                errors.Add("Proxy.DestinationServiceName must not be a wildcard for Connect proxy services");
            }

            if (def.Port == 0 && string.IsNullOrEmpty(def.SocketPath))
            {
                errors.Add("Port or SocketPath must be set for a Connect proxy");
            }

            if (def.Connect?.Native == true)
            {
                errors.Add("A Proxy cannot also be Connect Native, only typical services");
            }

            ProxyBuilder.ValidateUpstreams(def.Proxy?.Upstreams ?? [], errors);
        }

        if (def.Kind is "mesh-gateway" or "terminating-gateway" or "ingress-gateway" or "api-gateway")
        {
            ValidateGateway(def, errors);
        }

        if (def.Connect?.SidecarService is { } sidecar)
        {
            if (!string.IsNullOrEmpty(sidecar.Id))
            {
                errors.Add("A SidecarService cannot specify an ID as this is managed by the agent");
            }

            if (sidecar.Connect?.SidecarService is not null)
            {
                errors.Add("A SidecarService cannot have a nested SidecarService");
            }
        }

        errors.ThrowIfAny();
    }

    /// <summary>Gateways front other services: no destination, local service, upstreams or sidecar of their own.</summary>
    private static void ValidateGateway(ServiceDefinition def, ValidationErrors errors)
    {
        var kind = def.Kind!;
        if (def.Port == 0 && kind != "ingress-gateway")
        {
            errors.Add($"Port must be non-zero for a {kind}");
        }

        if (def.Connect?.SidecarService is not null)
        {
            errors.Add($"A {kind} cannot have a sidecar service defined");
        }

        var p = def.Proxy;
        if (p is null)
        {
            return;
        }

        void Invalid(bool present, string field)
        {
            if (present)
            {
                errors.Add($"The Proxy.{field} configuration is invalid for a {kind}");
            }
        }

        Invalid(!string.IsNullOrEmpty(p.DestinationServiceName), "DestinationServiceName");
        Invalid(!string.IsNullOrEmpty(p.DestinationServiceId), "DestinationServiceID");
        Invalid(!string.IsNullOrEmpty(p.LocalServiceAddress), "LocalServiceAddress");
        Invalid(p.LocalServicePort != 0, "LocalServicePort");
        Invalid(!string.IsNullOrEmpty(p.LocalServiceSocketPath), "LocalServiceSocketPath");
        Invalid((p.Upstreams?.Count ?? 0) > 0, "Upstreams");
    }

    private static void ValidateWeights(WeightsDefinition? weights)
    {
        if (weights is null)
        {
            return;
        }

        string? error = weights.Passing < 1 ? "Passing must be greater than 0"
            : weights.Warning < 0 ? "Warning must be greater or equal than 0"
            : weights.Passing > 65535 || weights.Warning > 65535 ? "DNS Weight must be between 0 and 65535"
            : null;
        if (error is not null)
        {
            throw new ConsulHttpError(400, "Invalid Weights: " + error);
        }
    }

    private static bool IsUnspecified(string? address)
        => IPAddress.TryParse(address, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));

    private static string FormatHostPort(string host, int port) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
}
