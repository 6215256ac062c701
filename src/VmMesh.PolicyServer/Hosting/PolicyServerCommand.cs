using System.CommandLine;
using VmMesh.Consul.Json;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Spiffe;
using VmMesh.PolicyServer.Ca;

namespace VmMesh.PolicyServer.Hosting;

/// <summary>
/// The command line of <c>vmmesh-policy-server</c>. Every switch is read and checked together, so one run lists
/// every problem (exit 2) instead of the first.
/// </summary>
internal sealed class PolicyServerCommand
{
    public const int ExitInvalidArguments = 2;
    public const int ExitStartupFailed = 1;

    private readonly Option<string> Listen = new("--listen") { Description = "HTTPS URL to listen on.", DefaultValueFactory = _ => PolicyServerOptions.DefaultListen.OriginalString };
    private readonly Option<string?> DataDir = new("--data-dir") { Description = "Directory for admin-token, ca.pem and (in --dev) the KEK. Default: /var/lib/vmmesh/policy-server (--dev: ./vmmesh-dev)." };
    private readonly Option<string?> Consul = new("--consul") { Description = "Consul HTTP address, e.g. http://127.0.0.1:8500 (default; --dev without it runs an in-process dev Consul)." };
    private readonly Option<string?> ConsulTokenFile = new("--consul-token-file") { Description = "File holding the Consul ACL token." };
    private readonly Option<string> TrustDomainOption = new("--trust-domain") { Description = "SPIFFE trust domain of the mesh.", DefaultValueFactory = _ => "vmmesh.local" };
    private readonly Option<string> Datacenter = new("--datacenter") { Description = "Datacenter in issued SPIFFE IDs.", DefaultValueFactory = _ => "dc1" };
    private readonly Option<string?> KekFile = new("--kek-file") { Description = "Key-encryption key for CA private keys: 32 random bytes, raw or base64, mode 0600. Required without --dev; every replica uses the same." };
    private readonly Option<string[]> Advertise = new("--advertise") { Description = "DNS name or IP address clients reach this server by (repeatable); goes into the server certificate.", AllowMultipleArgumentsPerToken = false };
    private readonly Option<bool> Dev = new("--dev") { Description = "Development mode: in-process dev Consul, fresh CA, KEK and admin token generated in the data directory." };
    private readonly Option<string> LeafTtl = new("--leaf-ttl") { Description = "Lifetime of issued leaf certificates.", DefaultValueFactory = _ => "24h" };
    private readonly Option<string> SessionTtl = new("--session-ttl") { Description = "TTL of the leader lock's Consul session.", DefaultValueFactory = _ => "15s" };
    private readonly Option<string> LockDelay = new("--lock-delay") { Description = "Lock delay of the leader lock.", DefaultValueFactory = _ => "5s" };
    private readonly Option<int> DevConsulPort = new("--dev-consul-port") { Description = "Port of the --dev in-process Consul (0 = a free port).", DefaultValueFactory = _ => 8500 };
    private readonly Option<int> SignRate = new("--sign-rate") { Description = "Certificate signings per second before 429.", DefaultValueFactory = _ => 200 };
    private readonly Option<int> SignBurst = new("--sign-burst") { Description = "Burst of certificate signings above the rate.", DefaultValueFactory = _ => 400 };
    private readonly Option<int> SignConcurrency = new("--sign-concurrency") { Description = "Certificate signings in progress at once (more wait in a queue).", DefaultValueFactory = _ => 32 };

    public PolicyServerCommand()
    {
        Root = new RootCommand("vmmesh-policy-server: the mesh CA, join tokens, intentions with signed shards and the audit log, with state in Consul KV.")
        {
            Listen, DataDir, Consul, ConsulTokenFile, TrustDomainOption, Datacenter, KekFile, Advertise, Dev,
            LeafTtl, SessionTtl, LockDelay, DevConsulPort, SignRate, SignBurst, SignConcurrency,
        };
    }

    public RootCommand Root { get; }

    /// <summary>Reads and validates the switches; either options or the complete list of errors.</summary>
    public (PolicyServerOptions? Options, IReadOnlyList<string> Errors) Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var errors = new List<string>();
        var dev = result.GetValue(Dev);

        var listenText = result.GetValue(Listen)!;
        Uri? listen = null;
        if (!Uri.TryCreate(listenText, UriKind.Absolute, out listen) || listen.Scheme != Uri.UriSchemeHttps || listen.AbsolutePath != "/")
        {
            errors.Add($"--listen \"{listenText}\" is not an https:// URL with host and port; use e.g. https://0.0.0.0:8443");
        }

        Uri? consul = null;
        var consulText = result.GetValue(Consul);
        if (consulText is not null && (!Uri.TryCreate(consulText, UriKind.Absolute, out consul) || (consul.Scheme != Uri.UriSchemeHttp && consul.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"--consul \"{consulText}\" is not an http(s):// URL; use e.g. http://127.0.0.1:8500");
        }

        if (!TrustDomain.TryParse(result.GetValue(TrustDomainOption), out var trustDomain, out var trustDomainError))
        {
            errors.Add($"--trust-domain: {trustDomainError}");
        }

        var datacenter = result.GetValue(Datacenter)!;
        try
        {
            SpiffeId.ForService(trustDomain ?? TrustDomain.Parse("vmmesh.local"), datacenter, ServiceName.Parse("check"));
        }
        catch (ArgumentException ex)
        {
            errors.Add($"--datacenter: {ex.Message.Split(" (Parameter", 2)[0]}");
        }

        var leafTtl = Duration(result, LeafTtl, errors);
        if (leafTtl is { } ttl && CertificateLifetimeOptions.Default with { LeafLifetime = ttl } is var lifetime && lifetime.Validate() is { Count: > 0 } lifetimeErrors)
        {
            errors.AddRange(lifetimeErrors.Select(e => $"--leaf-ttl: {e}"));
        }

        var sessionTtl = Duration(result, SessionTtl, errors);
        if (sessionTtl is { } session && session < TimeSpan.FromSeconds(1))
        {
            errors.Add($"--session-ttl {GoDuration.Format(session)} is below 1s; use 10s or more with a real Consul (default 15s)");
        }

        var lockDelay = Duration(result, LockDelay, errors);
        var devConsulPort = result.GetValue(DevConsulPort);
        if (devConsulPort is < 0 or > 65535)
        {
            errors.Add($"--dev-consul-port {devConsulPort} is not a TCP port; use 0-65535 (0 picks a free one)");
        }

        var kekFile = result.GetValue(KekFile);
        if (!dev && kekFile is null)
        {
            errors.Add("--kek-file is required without --dev: create one with head -c 32 /dev/urandom > /etc/vmmesh/kek && chmod 600 /etc/vmmesh/kek, and pass the same file to every replica");
        }

        var signing = new SigningLimits
        {
            RatePerSecond = Positive(result, SignRate, errors),
            Burst = Positive(result, SignBurst, errors),
            Concurrency = Positive(result, SignConcurrency, errors),
        };

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var advertise = result.GetValue(Advertise) ?? [];
        var defaultAdvertise = dev ? new[] { "localhost", "127.0.0.1" } : advertise.Length == 0 ? new[] { System.Net.Dns.GetHostName().ToLowerInvariant() } : [];
        return (new PolicyServerOptions
        {
            Listen = listen!,
            DataDir = Path.GetFullPath(result.GetValue(DataDir) ?? (dev ? "vmmesh-dev" : DefaultDataDir())),
            Consul = consul ?? (dev ? null : new Uri("http://127.0.0.1:8500")),
            ConsulTokenFile = result.GetValue(ConsulTokenFile),
            TrustDomain = trustDomain!,
            Datacenter = datacenter,
            KekFile = kekFile,
            Advertise = [.. defaultAdvertise.Concat(advertise).Distinct(StringComparer.OrdinalIgnoreCase)],
            Dev = dev,
            LeafTtl = leafTtl!.Value,
            SessionTtl = sessionTtl!.Value,
            LockDelay = lockDelay!.Value,
            DevConsulPort = devConsulPort,
            Signing = signing,
            CompactLogs = !dev,
        }, []);
    }

    private static string DefaultDataDir() =>
        OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "VmMesh", "policy-server")
            : "/var/lib/vmmesh/policy-server";

    private static TimeSpan? Duration(ParseResult result, Option<string> option, List<string> errors)
    {
        var text = result.GetValue(option);
        if (GoDuration.TryParse(text, out var value) && value >= TimeSpan.Zero)
        {
            return value;
        }

        errors.Add($"{option.Name} \"{text}\" is not a duration; use e.g. \"15s\", \"5m\" or \"24h\"");
        return null;
    }

    private static int Positive(ParseResult result, Option<int> option, List<string> errors)
    {
        var value = result.GetValue(option);
        if (value < 1)
        {
            errors.Add($"{option.Name} {value} is below 1; use a positive number");
        }

        return value;
    }
}
