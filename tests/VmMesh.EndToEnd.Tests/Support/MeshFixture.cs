using System.Globalization;
using VmMesh.Consul.Dev;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Client;
using VmMesh.PolicyServer.Client.Tokens;
using VmMesh.PolicyServer.Client.Trust;
using VmMesh.Testing;

namespace VmMesh.EndToEnd.Tests.Support;

/// <summary>
/// The two-host mesh the end-to-end tests share. Root namespace: the dev Consul (in-process, on the bridge address)
/// and the real <c>vmmesh-policy-server --dev --consul …</c>. Host A: sidecar <c>web</c>. Host B: sidecar
/// <c>api</c> in front of the echo app on B's loopback. Intentions start as "web may call api".
/// </summary>
public sealed class MeshFixture : IAsyncLifetime
{
    public const string WebIdentity = "spiffe://vmmesh.local/ns/default/dc/dc1/svc/web";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vmmesh-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly List<ChildProcess> _processes = [];
    private TestNetwork? _network;
    private DevConsulServer? _consul;
    private PolicyServerClient? _admin;

    internal NetworkNamespace HostA => _network!.Hosts[0];

    internal NetworkNamespace HostB => _network!.Hosts[1];

    internal bool UsesNamespaces => _network!.UsesNamespaces;

    public int WebOutboundPort { get; } = FreePort.Next();

    public int ApiInboundPort { get; } = FreePort.Next();

    internal PolicyServerClient Admin => _admin!;

    public string Directory => _dir;

    public Uri ConsulAddress => _consul!.Address;

    private string PolicyUrl { get; set; } = string.Empty;

    private string CaFile { get; set; } = string.Empty;

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(_dir);
        _network = await TestNetwork.CreateAsync(2);
        var root = _network.RootAddress;
        _consul = await DevConsulServer.StartAsync(new DevConsulOptions { BindAddress = root, Port = 0, BlockingJitterFraction = 0 });

        var policyDir = Path.Combine(_dir, "policy-server");
        var policyUrl = $"https://{root}:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        var policyServer = Track(ChildProcess.StartDotnet(
            RepoPaths.Executable("VmMesh.PolicyServer", "vmmesh-policy-server"),
            ["--dev", "--consul", _consul.Address.ToString(), "--data-dir", policyDir, "--listen", policyUrl, "--advertise", root]));
        await policyServer.WaitForOutputAsync("vmmesh-policy-server listening on", StartTimeout);
        var caFile = Path.Combine(policyDir, "ca.pem");
        PolicyUrl = policyUrl;
        CaFile = caFile;
        _admin = new PolicyServerClient(new PolicyServerClientOptions
        {
            ServerAddress = new Uri(policyUrl),
            Trust = PolicyServerTrust.FromPem(await File.ReadAllTextAsync(caFile)),
            AdminToken = (await File.ReadAllTextAsync(Path.Combine(policyDir, "admin-token"))).Trim(),
        });
        await AllowWebToApiAsync(IntentionAction.Allow);

        var appPort = FreePort.Next();
        var echo = Track(HostB.StartDotnet(typeof(EchoApp).Assembly.Location, [EchoApp.Verb, appPort.ToString(CultureInfo.InvariantCulture)]));
        await echo.WaitForOutputAsync("echo-app listening on", StartTimeout);

        var web = await StartSidecarAsync(HostA, "web", FreePort.Next(), FreePort.Next(), WebOutboundPort, policyUrl, caFile, check: false);
        var api = await StartSidecarAsync(HostB, "api", appPort, ApiInboundPort, FreePort.Next(), policyUrl, caFile, check: true);
        await WaitReadyAsync(web);
        await WaitReadyAsync(api);
    }

    /// <summary>Sets the intention for destination api: source web with <paramref name="action"/>.</summary>
    internal Task AllowWebToApiAsync(IntentionAction action) =>
        _admin!.PutIntentionAsync(new IntentionDocument("api", [new IntentionSource("web", action)]))
            .WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>A request from host A through web's outbound proxy to api, with response headers on stdout.</summary>
    internal Task<CommandResult> CallApiFromAAsync(string path = "/hello") =>
        HostA.CurlAsync("-D", "-", "-x", $"http://127.0.0.1:{WebOutboundPort.ToString(CultureInfo.InvariantCulture)}", "http://api" + path);

    /// <summary>Starts one more sidecar (no app check) on <paramref name="host"/> and waits until it is ready; the caller stops it.</summary>
    internal async Task<ChildProcess> StartExtraSidecarAsync(NetworkNamespace host, string name)
    {
        var sidecar = await StartSidecarAsync(host, name, FreePort.Next(), FreePort.Next(), FreePort.Next(), PolicyUrl, CaFile, check: false);
        await WaitReadyAsync(sidecar);
        return sidecar.Process;
    }

    /// <summary>
    /// Starts one more sidecar as <paramref name="spec"/> describes on <paramref name="host"/> and waits until it is
    /// ready; the caller stops it.
    /// </summary>
    internal async Task<ChildProcess> StartExtraSidecarAsync(NetworkNamespace host, SidecarSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var process = await StartSidecarAsync(host, spec, PolicyUrl, CaFile);
        await WaitReadyAsync((host, process, spec.AdminPort));
        return process;
    }

    public async Task DisposeAsync()
    {
        _admin?.Dispose();
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        if (_consul is not null)
        {
            await _consul.DisposeAsync();
        }

        if (_network is not null)
        {
            await _network.DisposeAsync();
        }

        if (System.IO.Directory.Exists(_dir))
        {
            System.IO.Directory.Delete(_dir, recursive: true);
        }
    }

    private async Task<(NetworkNamespace Host, ChildProcess Process, int AdminPort)> StartSidecarAsync(
        NetworkNamespace host, string name, int appPort, int inboundPort, int outboundPort, string policyUrl, string caFile, bool check)
    {
        var spec = new SidecarSpec(name, name + "-1", appPort, inboundPort, outboundPort, FreePort.Next(), check, []);
        var process = await StartSidecarAsync(host, spec, policyUrl, caFile);
        return (host, process, spec.AdminPort);
    }

    private async Task<ChildProcess> StartSidecarAsync(NetworkNamespace host, SidecarSpec spec, string policyUrl, string caFile)
    {
        var token = await _admin!.CreateTokenAsync(new CreateTokenRequest([spec.Name], "1h", 1)).WaitAsync(TimeSpan.FromSeconds(30));
        var configFile = await SidecarConfigFile.WriteAsync(Path.Combine(_dir, spec.Name), host, spec, _consul!.Address, policyUrl, caFile, token.Token);
        return Track(host.StartDotnet(RepoPaths.Executable("VmMesh.Sidecar", "vmmesh-sidecar"), ["--config", configFile]));
    }

    private static async Task WaitReadyAsync((NetworkNamespace Host, ChildProcess Process, int AdminPort) sidecar)
    {
        try
        {
            await Eventually.UntilAsync(
                () => sidecar.Host.CurlAsync($"http://127.0.0.1:{sidecar.AdminPort.ToString(CultureInfo.InvariantCulture)}/ready"),
                r => r.Stdout.EndsWith("\n200", StringComparison.Ordinal),
                StartTimeout,
                "sidecar /ready");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nsidecar stdout:\n{sidecar.Process.Stdout}\nsidecar stderr:\n{sidecar.Process.Stderr}", ex);
        }
    }

    private ChildProcess Track(ChildProcess process)
    {
        _processes.Add(process);
        return process;
    }
}

[CollectionDefinition(Name)]
public sealed class MeshCollection : ICollectionFixture<MeshFixture>
{
    public const string Name = "Mesh";
}
