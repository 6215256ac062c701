using System.Collections.Immutable;
using System.Net;
using VmMesh.Consul.Json;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Spiffe;

namespace VmMesh.Sidecar.Configuration;

/// <summary>
/// Turns the config tree into <see cref="SidecarOptions"/>, checking each value on its own (type, range, syntax) and
/// applying defaults. Bad values are reported and replaced by a harmless stand-in so that reading goes on and the
/// cross-field checks of <see cref="SidecarOptionsValidator"/> still run; the result is used only when no error was found.
/// </summary>
internal static class SidecarOptionsReader
{
    public const int DefaultInboundPort = 15443;
    public const int DefaultOutboundPort = 15001;
    public const int DefaultAdminPort = 15000;
    public static readonly Uri DefaultConsulAddress = new("http://127.0.0.1:8500");
    public const string DefaultDatacenter = "dc1";
    public static readonly TimeSpan DefaultCheckInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultCheckTimeout = TimeSpan.FromSeconds(5);

    private static readonly ServiceName StandIn = ServiceName.Parse("invalid");

    public static SidecarOptions Read(ConfigDocument document, string configPath, string defaultDataDir, List<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(configPath);
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? Directory.GetCurrentDirectory();
        var root = ConfigObject.Root(document, errors);
        var service = ReadService(root);
        var inbound = root.Object("inbound");
        var outbound = root.Object("outbound");
        var admin = root.Object("admin");
        return new SidecarOptions(
            service,
            new InboundOptions(
                ListenerPort(inbound, "port", DefaultInboundPort),
                BindAddress(inbound),
                HostName(inbound, "advertiseAddress")),
            new OutboundOptions(
                ListenerPort(outbound, "port", DefaultOutboundPort),
                [.. outbound.Objects("upstreams").Select(ReadUpstream)]),
            new AdminOptions(ListenerPort(admin, "port", DefaultAdminPort)),
            ReadConsul(root.Object("consul"), baseDirectory),
            ReadPolicyServer(root.Object("policyServer"), baseDirectory),
            FilePath(root, "dataDir", baseDirectory) ?? defaultDataDir,
            Path.GetFullPath(configPath));
    }

    private static ServiceOptions ReadService(ConfigObject root)
    {
        if (!root.Has("service"))
        {
            root.Error("service", "service is missing; add \"service\": { \"name\": \"web\", \"port\": 8080 } for the app this sidecar fronts");
        }

        var service = root.Object("service");
        var name = Name(service, "name", required: root.Has("service"));
        var id = service.String("id");
        if (id is not null && (id.Length == 0 || id.Length > 128 || id.Any(c => char.IsWhiteSpace(c) || c == '/')))
        {
            service.Error("id", $"service.id '{id}' must be 1 to 128 characters without spaces or '/'; use the service name plus a suffix, such as 'web-1'");
        }

        var port = service.Int("port");
        if (port is null && root.Has("service"))
        {
            service.Error("port", "service.port is missing; set the port the app listens on at 127.0.0.1, such as 8080");
        }

        return new ServiceOptions(
            name,
            id ?? name.Value,
            port is null ? 0 : Port(service, "port", port.Value, allowZero: false),
            service.Strings("tags"),
            Meta(service),
            service.Has("check") ? ReadCheck(service.Object("check")) : null);
    }

    private static ImmutableSortedDictionary<string, string> Meta(ConfigObject service)
    {
        var meta = service.Map("meta");
        foreach (var (key, value) in meta)
        {
            var path = service.PathOf("meta") + "." + key;
            if (key.Length == 0 || key.Length > 128 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                service.Error("meta", $"{path} has an invalid key; meta keys are 1 to 128 letters, digits, '-' or '_' (Consul's rule)");
            }
            else if (key.StartsWith("consul-", StringComparison.Ordinal) || key == MeshMeta.VersionKey)
            {
                service.Error("meta", $"{path} is reserved; Consul owns 'consul-' keys and the sidecar sets '{MeshMeta.VersionKey}' itself, so choose another key");
            }
            else if (value.Length > 512)
            {
                service.Error("meta", $"{path} is {value.Length} characters long; Consul allows at most 512");
            }
        }

        return meta;
    }

    private static CheckOptions ReadCheck(ConfigObject check)
    {
        var httpText = check.String("http");
        var tcp = check.String("tcp");
        Uri? http = null;
        if (httpText is not null)
        {
            if (Uri.TryCreate(httpText, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                http = uri;
            }
            else
            {
                check.Error("http", $"service.check.http '{httpText}' is not an absolute http:// or https:// URL; write the app's health URL, such as http://127.0.0.1:8080/health");
            }
        }

        if (tcp is not null && !IsHostPort(tcp))
        {
            check.Error("tcp", $"service.check.tcp '{tcp}' is not host:port; write the address the app listens on, such as 127.0.0.1:8080");
        }

        if (httpText is null == tcp is null)
        {
            check.Error(httpText is null ? "http" : "tcp", "service.check must have exactly one of http or tcp; keep the one Consul should probe");
        }

        var interval = Duration(check, "interval", DefaultCheckInterval);
        var timeout = Duration(check, "timeout", DefaultCheckTimeout);
        return new CheckOptions(http, tcp, interval, timeout);
    }

    private static UpstreamOptions ReadUpstream(ConfigObject upstream)
    {
        var name = Name(upstream, "service", required: true);
        var port = upstream.Int("localPort");
        if (port is null)
        {
            upstream.Error("localPort", $"{upstream.PathOf("localPort")} is missing; set the loopback port the app calls for {name}, such as 9001");
        }

        return new UpstreamOptions(name, port is null ? 0 : Port(upstream, "localPort", port.Value, allowZero: false));
    }

    private static ConsulOptions ReadConsul(ConfigObject consul, string baseDirectory)
    {
        var address = HttpAddress(consul, "address", requireHttps: false) ?? DefaultConsulAddress;
        var datacenter = consul.String("datacenter") ?? DefaultDatacenter;
        if (datacenter.Length is 0 or > 64 || !datacenter.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            consul.Error("datacenter", $"consul.datacenter '{datacenter}' must be 1 to 64 letters, digits, '-' or '_'; use the Consul datacenter name, such as 'dc1'");
        }

        return new ConsulOptions(address, datacenter, FilePath(consul, "tokenFile", baseDirectory));
    }

    private static PolicyServerOptions ReadPolicyServer(ConfigObject policyServer, string baseDirectory)
    {
        if (!policyServer.Has("address"))
        {
            policyServer.Error("address", "policyServer.address is missing; set the policy server's HTTPS URL, such as https://127.0.0.1:8443");
        }

        var address = HttpAddress(policyServer, "address", requireHttps: true) ?? new Uri("https://invalid");
        var fingerprint = policyServer.String("caFingerprint");
        var fingerprintError = fingerprint is null ? null : CertificateFingerprint.Validate(fingerprint);
        if (fingerprintError is not null)
        {
            policyServer.Error("caFingerprint", $"policyServer.caFingerprint '{fingerprint}' is malformed; write sha256:<64 hex digits of the root's DER>, as `vmmesh ca fingerprint` prints it");
        }

        return new PolicyServerOptions(
            address,
            FilePath(policyServer, "caFile", baseDirectory),
            fingerprint?.ToLowerInvariant(),
            FilePath(policyServer, "joinTokenFile", baseDirectory));
    }

    private static ServiceName Name(ConfigObject obj, string key, bool required)
    {
        var text = obj.String(key);
        if (text is null)
        {
            if (required && !obj.Has(key))
            {
                obj.Error(key, $"{obj.PathOf(key)} is missing; set the Consul service name, such as 'web'");
            }

            return StandIn;
        }

        if (ServiceName.TryParse(text, out var name, out var error))
        {
            return name;
        }

        obj.Error(key, $"{obj.PathOf(key)} is invalid: {error}");
        return StandIn;
    }

    private static int ListenerPort(ConfigObject obj, string key, int fallback)
    {
        var port = obj.Int(key);
        return port is null ? fallback : Port(obj, key, port.Value, allowZero: true);
    }

    private static int Port(ConfigObject obj, string key, int port, bool allowZero)
    {
        if (port is >= 1 and <= 65535 || (allowZero && port == 0))
        {
            return port;
        }

        var range = allowZero ? "1 to 65535 (0 picks a free port)" : "1 to 65535";
        obj.Error(key, $"{obj.PathOf(key)} {port} is not a port; choose a port from {range}");
        return 0;
    }

    private static IPAddress BindAddress(ConfigObject inbound)
    {
        var text = inbound.String("bindAddress");
        if (text is null)
        {
            return IPAddress.Any;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            return address;
        }

        inbound.Error("bindAddress", $"inbound.bindAddress '{text}' is not an IP address; write one such as 0.0.0.0 (all interfaces) or 10.0.0.5");
        return IPAddress.Any;
    }

    private static string? HostName(ConfigObject obj, string key)
    {
        var text = obj.String(key);
        if (text is not null && Uri.CheckHostName(text) == UriHostNameType.Unknown)
        {
            obj.Error(key, $"{obj.PathOf(key)} '{text}' is not an IP address or host name; write the address other hosts reach this one at, such as 10.0.0.5");
            return null;
        }

        return text;
    }

    private static Uri? HttpAddress(ConfigObject obj, string key, bool requireHttps)
    {
        var text = obj.String(key);
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || (!requireHttps && uri.Scheme == Uri.UriSchemeHttp))
            && uri.PathAndQuery == "/" && string.IsNullOrEmpty(uri.UserInfo))
        {
            return uri;
        }

        var example = requireHttps ? "https://127.0.0.1:8443" : "http://127.0.0.1:8500";
        var schemes = requireHttps ? "an https://" : "an http:// or https://";
        obj.Error(key, $"{obj.PathOf(key)} '{text}' is not {schemes} URL with host and port only; write one such as {example}");
        return null;
    }

    private static TimeSpan Duration(ConfigObject obj, string key, TimeSpan fallback)
    {
        var text = obj.String(key);
        if (text is null)
        {
            return fallback;
        }

        if (GoDuration.TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        obj.Error(key, $"{obj.PathOf(key)} '{text}' is not a positive duration; write one such as \"10s\" or \"1m\"");
        return fallback;
    }

    private static string? FilePath(ConfigObject obj, string key, string baseDirectory)
    {
        var text = obj.String(key);
        if (text is null)
        {
            return null;
        }

        if (text.Length == 0 || text.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            obj.Error(key, $"{obj.PathOf(key)} '{text}' is not a file path; write an absolute path or one relative to the config file");
            return null;
        }

        return Path.GetFullPath(text, baseDirectory);
    }

    private static bool IsHostPort(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0
            && int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            && port is >= 1 and <= 65535
            && Uri.CheckHostName(text[..colon].Trim('[', ']')) != UriHostNameType.Unknown;
    }
}
