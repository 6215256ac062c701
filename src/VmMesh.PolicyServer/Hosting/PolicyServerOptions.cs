using VmMesh.Identity.Spiffe;
using VmMesh.PolicyServer.Ca;

namespace VmMesh.PolicyServer.Hosting;

/// <summary>Bootstrap settings of one replica, from the command line (see <see cref="PolicyServerCommand"/>).</summary>
internal sealed record PolicyServerOptions
{
    public static readonly Uri DefaultListen = new("https://0.0.0.0:8443");

    public Uri Listen { get; init; } = DefaultListen;

    public required string DataDir { get; init; }

    /// <summary>Consul HTTP address; null with <see cref="Dev"/> starts an in-process dev Consul.</summary>
    public Uri? Consul { get; init; }

    public string? ConsulTokenFile { get; init; }

    public required TrustDomain TrustDomain { get; init; }

    public string Datacenter { get; init; } = "dc1";

    /// <summary>Required without <see cref="Dev"/>; with it, defaults to a generated <c>&lt;data-dir&gt;/kek</c>.</summary>
    public string? KekFile { get; init; }

    /// <summary>DNS names and IP addresses put in the server certificate.</summary>
    public IReadOnlyList<string> Advertise { get; init; } = [];

    public bool Dev { get; init; }

    public TimeSpan LeafTtl { get; init; } = TimeSpan.FromHours(24);

    public TimeSpan SessionTtl { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan LockDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Port of the in-process dev Consul (0 = a free one).</summary>
    public int DevConsulPort { get; init; } = 8500;

    public SigningLimits Signing { get; init; } = new();

    /// <summary>Log format: compact JSON (production) or human-readable text (--dev).</summary>
    public bool CompactLogs { get; init; } = true;

    public string KekPath => KekFile ?? Path.Combine(DataDir, "kek");

    public string AdminTokenPath => Path.Combine(DataDir, "admin-token");

    public string BundlePath => Path.Combine(DataDir, "ca.pem");
}
