// JSON shapes of a service instance. The agent (api.AgentService), the health/catalog
// NodeService and the flattened catalog ServiceNode have different omitempty rules (contract
// §3.2, §4.1, §5); each writer reproduces one of them field by field, in Consul's order.
using System.Text;
using System.Text.Json;
using VmMesh.Consul.Dev.Json;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Catalog;

internal static class ServiceJson
{
    /// <summary>AgentService as /v1/agent/services and /v1/agent/service/:id print it.</summary>
    public static void WriteAgent(Utf8JsonWriter w, ServiceRecord s, string datacenter, string? contentHash = null)
    {
        w.WriteStartObject();
        if (s.Kind.Length > 0)
        {
            w.WriteString("Kind", s.Kind);
        }

        w.WriteString("ID", s.Id);
        w.WriteString("Service", s.Name);
        JsonOutput.WriteStringArray(w, "Tags", s.Tags);
        JsonOutput.WriteStringMap(w, "Meta", s.Meta);
        w.WriteNumber("Port", s.Port);
        w.WriteString("Address", s.Address);
        if (s.SocketPath.Length > 0)
        {
            w.WriteString("SocketPath", s.SocketPath);
        }

        WriteTaggedAddresses(w, "TaggedAddresses", s, omitEmpty: true);
        WriteWeights(w, "Weights", s.Weights);
        w.WriteBoolean("EnableTagOverride", s.EnableTagOverride);
        if (contentHash is not null)
        {
            w.WriteString("ContentHash", contentHash);
        }

        if (s.Proxy is { } proxy)
        {
            w.WritePropertyName("Proxy");
            WriteProxy(w, proxy, agent: true);
        }

        if (s.ConnectNative)
        {
            w.WriteStartObject("Connect");
            w.WriteBoolean("Native", true);
            w.WriteEndObject();
        }

        w.WriteString("Datacenter", datacenter);
        w.WriteEndObject();
    }

    /// <summary>structs.NodeService as health and catalog/node print it.</summary>
    public static void WriteNodeService(Utf8JsonWriter w, ServiceRecord s)
    {
        w.WriteStartObject();
        if (s.Kind.Length > 0)
        {
            w.WriteString("Kind", s.Kind);
        }

        w.WriteString("ID", s.Id);
        w.WriteString("Service", s.Name);
        JsonOutput.WriteStringArray(w, "Tags", s.Tags);
        w.WriteString("Address", s.Address);
        WriteTaggedAddresses(w, "TaggedAddresses", s, omitEmpty: true);
        JsonOutput.WriteStringMap(w, "Meta", s.Meta, nullWhenMissing: true);
        if (s.Port != 0)
        {
            w.WriteNumber("Port", s.Port);
        }

        if (s.SocketPath.Length > 0)
        {
            w.WriteString("SocketPath", s.SocketPath);
        }

        WriteWeights(w, "Weights", s.Weights);
        w.WriteBoolean("EnableTagOverride", s.EnableTagOverride);
        w.WritePropertyName("Proxy");
        WriteProxy(w, s.Proxy ?? new ProxyRecord(), agent: false);
        WriteConnect(w, "Connect", s);
        w.WriteString("PeerName", string.Empty);
        w.WriteNumber("CreateIndex", s.CreateIndex);
        w.WriteNumber("ModifyIndex", s.ModifyIndex);
        w.WriteEndObject();
    }

    /// <summary>structs.ServiceNode (flattened node + service) as /v1/catalog/service/:s prints it.</summary>
    public static void WriteServiceNode(Utf8JsonWriter w, NodeRecord n, ServiceRecord s)
    {
        w.WriteStartObject();
        w.WriteString("ID", n.Id);
        w.WriteString("Node", n.Name);
        w.WriteString("Address", n.Address);
        w.WriteString("Datacenter", n.Datacenter);
        JsonOutput.WriteStringMap(w, "TaggedAddresses", n.TaggedAddresses);
        JsonOutput.WriteStringMap(w, "NodeMeta", n.Meta);
        w.WriteString("ServiceKind", s.Kind);
        w.WriteString("ServiceID", s.Id);
        w.WriteString("ServiceName", s.Name);
        JsonOutput.WriteStringArray(w, "ServiceTags", s.Tags);
        w.WriteString("ServiceAddress", s.Address);
        WriteTaggedAddresses(w, "ServiceTaggedAddresses", s, omitEmpty: true);
        WriteWeights(w, "ServiceWeights", s.Weights);
        JsonOutput.WriteStringMap(w, "ServiceMeta", s.Meta, nullWhenMissing: true);
        w.WriteNumber("ServicePort", s.Port);
        w.WriteString("ServiceSocketPath", s.SocketPath);
        w.WriteBoolean("ServiceEnableTagOverride", s.EnableTagOverride);
        w.WritePropertyName("ServiceProxy");
        WriteProxy(w, s.Proxy ?? new ProxyRecord(), agent: false);
        WriteConnect(w, "ServiceConnect", s);
        w.WriteString("PeerName", string.Empty);
        w.WriteNumber("CreateIndex", s.CreateIndex);
        w.WriteNumber("ModifyIndex", s.ModifyIndex);
        w.WriteEndObject();
    }

    /// <summary>A stable digest of everything the agent shows for the service (hash blocking, no-op detection).</summary>
    public static string Fingerprint(ServiceRecord s, string datacenter)
    {
        var bytes = JsonOutput.Write(false, w => WriteAgent(w, s, datacenter));
        return Encoding.UTF8.GetString(bytes) + "|" + s.SidecarParentId;
    }

    public static string ContentHash(ServiceRecord s, string datacenter)
    {
        var bytes = JsonOutput.Write(false, w => WriteAgent(w, s, datacenter));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes).AsSpan(0, 8));
    }

    public static void WriteProxy(Utf8JsonWriter w, ProxyRecord p, bool agent)
    {
        w.WriteStartObject();
        WriteIf(w, "DestinationServiceName", p.DestinationServiceName);
        WriteIf(w, "DestinationServiceID", p.DestinationServiceId);
        WriteIf(w, "LocalServiceAddress", p.LocalServiceAddress);
        if (p.LocalServicePort != 0)
        {
            w.WriteNumber("LocalServicePort", p.LocalServicePort);
        }

        WriteIf(w, "LocalServiceSocketPath", p.LocalServiceSocketPath);
        if (!agent || p.Mode.Length > 0)
        {
            w.WriteString("Mode", p.Mode);
        }

        if (p.TransparentProxy is { } tp)
        {
            w.WriteStartObject("TransparentProxy");
            if (tp.OutboundListenerPort != 0)
            {
                w.WriteNumber("OutboundListenerPort", tp.OutboundListenerPort);
            }

            if (tp.DialedDirectly)
            {
                w.WriteBoolean("DialedDirectly", true);
            }

            w.WriteEndObject();
        }

        if (p.Config is { } config)
        {
            w.WritePropertyName("Config");
            config.WriteTo(w);
        }

        if (!p.Upstreams.IsDefaultOrEmpty)
        {
            w.WriteStartArray("Upstreams");
            foreach (var u in p.Upstreams)
            {
                WriteUpstream(w, u);
            }

            w.WriteEndArray();
        }

        WriteMeshGateway(w, p.MeshGatewayMode);
        w.WriteStartObject("Expose");
        if (p.ExposeChecks)
        {
            w.WriteBoolean("Checks", true);
        }

        if (!p.ExposePaths.IsDefaultOrEmpty)
        {
            w.WriteStartArray("Paths");
            foreach (var e in p.ExposePaths)
            {
                w.WriteStartObject();
                WriteIf(w, "ListenerPort", e.ListenerPort);
                WriteIf(w, "Path", e.Path);
                WriteIf(w, "LocalPathPort", e.LocalPathPort);
                WriteIf(w, "Protocol", e.Protocol);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteUpstream(Utf8JsonWriter w, UpstreamRecord u)
    {
        w.WriteStartObject();
        WriteIf(w, "DestinationType", u.DestinationType);
        w.WriteString("DestinationName", u.DestinationName);
        WriteIf(w, "Datacenter", u.Datacenter);
        WriteIf(w, "LocalBindAddress", u.LocalBindAddress);
        WriteIf(w, "LocalBindPort", u.LocalBindPort);
        WriteIf(w, "LocalBindSocketPath", u.LocalBindSocketPath);
        WriteIf(w, "LocalBindSocketMode", u.LocalBindSocketMode);
        if (u.Config is { } config)
        {
            w.WritePropertyName("Config");
            config.WriteTo(w);
        }

        WriteMeshGateway(w, u.MeshGatewayMode);
        if (u.CentrallyConfigured)
        {
            w.WriteBoolean("CentrallyConfigured", true);
        }

        w.WriteEndObject();
    }

    private static void WriteMeshGateway(Utf8JsonWriter w, string mode)
    {
        w.WriteStartObject("MeshGateway");
        WriteIf(w, "Mode", mode);
        w.WriteEndObject();
    }

    private static void WriteConnect(Utf8JsonWriter w, string name, ServiceRecord s)
    {
        w.WriteStartObject(name);
        if (s.ConnectNative)
        {
            w.WriteBoolean("Native", true);
        }

        w.WriteEndObject();
    }

    private static void WriteTaggedAddresses(Utf8JsonWriter w, string name, ServiceRecord s, bool omitEmpty)
    {
        if (s.TaggedAddresses.IsEmpty && omitEmpty)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var (k, v) in s.TaggedAddresses)
        {
            w.WriteStartObject(k);
            w.WriteString("Address", v.Address);
            w.WriteNumber("Port", v.Port);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteWeights(Utf8JsonWriter w, string name, ServiceWeights weights)
    {
        w.WriteStartObject(name);
        w.WriteNumber("Passing", weights.Passing);
        w.WriteNumber("Warning", weights.Warning);
        w.WriteEndObject();
    }

    private static void WriteIf(Utf8JsonWriter w, string name, string value)
    {
        if (value.Length > 0)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteIf(Utf8JsonWriter w, string name, int value)
    {
        if (value != 0)
        {
            w.WriteNumber(name, value);
        }
    }
}
