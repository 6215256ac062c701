using System.Globalization;
using System.Text.Json;
using VmMesh.Consul.Dev;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Client;
using VmMesh.PolicyServer.Client.Tokens;
using VmMesh.PolicyServer.Client.Trust;
using VmMesh.Testing;

namespace VmMesh.EndToEnd.Tests.Support;

/// <summary>
/// A mesh of its own for one destructive test (an instance killed, the control plane stopped, short-lived
/// certificates), so the shared <see cref="MeshFixture"/> stays intact. Same layout: the dev Consul (in-process) and
/// the real policy server (with extra switches) in the root namespace on the bridge address, then echo apps and
/// sidecars on the hosts as the test asks. Everything it started is stopped on dispose.
/// </summary>
internal sealed class TestMesh : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vmmesh-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly List<ChildProcess> _processes = [];
    private readonly TestNetwork _network;
    private DevConsulServer? _consul;
    private ChildProcess? _policyServer;
    private PolicyServerClient? _admin;
    private string _policyUrl = string.Empty;
    private string _caFile = string.Empty;

    private TestMesh(TestNetwork network, Uri consulAddress)
    {
        _network = network;
        ConsulAddress = consulAddress;
    }

    public IReadOnlyList<NetworkNamespace> Hosts => _network.Hosts;

    public Uri ConsulAddress { get; }

    public PolicyServerClient Admin => _admin!;

    /// <summary>Creates <paramref name="hostCount"/> hosts, starts Consul and <c>vmmesh-policy-server --dev</c> with <paramref name="policyServerArgs"/>.</summary>
    public static async Task<TestMesh> StartAsync(int hostCount, params string[] policyServerArgs)
    {
        var network = await TestNetwork.CreateAsync(hostCount);
        TestMesh? mesh = null;
        try
        {
            var consul = await DevConsulServer.StartAsync(new DevConsulOptions { BindAddress = network.RootAddress, Port = 0, BlockingJitterFraction = 0 });
            mesh = new TestMesh(network, consul.Address) { _consul = consul };
            await mesh.StartPolicyServerAsync(policyServerArgs);
            return mesh;
        }
        catch
        {
            if (mesh is not null)
            {
                await mesh.DisposeAsync();
            }
            else
            {
                await network.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Puts the intention for <paramref name="destination"/>: <paramref name="source"/> is allowed.</summary>
    public Task AllowAsync(string source, string destination) =>
        Admin.PutIntentionAsync(new IntentionDocument(destination, [new IntentionSource(source, IntentionAction.Allow)]))
            .WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Starts the echo app on <paramref name="host"/>'s loopback, answering with <c>x-echo-instance: instance</c>.</summary>
    public async Task<ChildProcess> StartEchoAppAsync(NetworkNamespace host, int port, string instance)
    {
        ArgumentNullException.ThrowIfNull(host);
        var echo = Track(host.StartDotnet(typeof(EchoApp).Assembly.Location, [EchoApp.Verb, port.ToString(CultureInfo.InvariantCulture), instance]));
        await echo.WaitForOutputAsync("echo-app listening on", StartTimeout);
        return echo;
    }

    /// <summary>Writes the config of a sidecar (with a fresh single-use join token), starts it and waits until it is ready.</summary>
    public async Task<MeshSidecar> StartSidecarAsync(NetworkNamespace host, SidecarSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var token = await Admin.CreateTokenAsync(new CreateTokenRequest([spec.Name], "1h", 1)).WaitAsync(TimeSpan.FromSeconds(30));
        var configFile = await SidecarConfigFile.WriteAsync(Path.Combine(_dir, spec.Id), host, spec, ConsulAddress, _policyUrl, _caFile, token.Token);
        var sidecar = new MeshSidecar(host, spec, configFile, StartSidecarProcess(host, configFile));
        await WaitReadyAsync(sidecar);
        return sidecar;
    }

    /// <summary>A spec with fresh ports for <paramref name="name"/>/<paramref name="id"/> in front of <paramref name="appPort"/>.</summary>
    public static SidecarSpec Spec(string name, string id, int appPort, bool appCheck) =>
        new(name, id, appPort, FreePort.Next(), FreePort.Next(), FreePort.Next(), appCheck, []);

    /// <summary>Stops <paramref name="sidecar"/> as systemd would (SIGTERM), starts it again from the same config and data directory, and waits until it is ready.</summary>
    public async Task<MeshSidecar> RestartAsync(MeshSidecar sidecar)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        await sidecar.Process.SignalAsync("TERM");
        await sidecar.Process.WaitForExitAsync(StartTimeout);
        var restarted = sidecar with { Process = StartSidecarProcess(sidecar.Host, sidecar.ConfigFile) };
        await WaitReadyAsync(restarted);
        return restarted;
    }

    /// <summary>Kills the policy server (SIGKILL: no goodbye to anyone).</summary>
    public async Task StopPolicyServerAsync()
    {
        if (_policyServer is { } policyServer)
        {
            _processes.Remove(policyServer);
            await policyServer.DisposeAsync();
            _policyServer = null;
        }
    }

    /// <summary>Stops the dev Consul: its port then refuses connections.</summary>
    public async Task StopConsulAsync()
    {
        if (_consul is { } consul)
        {
            _consul = null;
            await consul.DisposeAsync();
        }
    }

    /// <summary>curl on <paramref name="from"/>'s host through its outbound proxy to <c>http://service/path</c>, response headers included.</summary>
    public static Task<CommandResult> CallAsync(MeshSidecar from, string service, string path = "/hello")
    {
        ArgumentNullException.ThrowIfNull(from);
        return from.Host.CurlAsync("-D", "-", "-x", $"http://127.0.0.1:{from.Spec.OutboundPort.ToString(CultureInfo.InvariantCulture)}", $"http://{service}{path}");
    }

    /// <summary>Starts a <see cref="LoadClient"/> on <paramref name="from"/>'s host sending to <c>http://service/hello</c> through its outbound proxy.</summary>
    public LoadRun StartLoad(MeshSidecar from, string service, int count, int concurrency, double ratePerSecond)
    {
        ArgumentNullException.ThrowIfNull(from);
        var run = LoadRun.Start(from.Host, from.Spec.OutboundPort, $"http://{service}/hello", count, concurrency, ratePerSecond);
        return run;
    }

    /// <summary>The sidecar's admin <c>/certs</c> document.</summary>
    public static async Task<JsonElement> CertsAsync(MeshSidecar sidecar)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        var result = await sidecar.Host.CurlAsync($"http://127.0.0.1:{sidecar.Spec.AdminPort.ToString(CultureInfo.InvariantCulture)}/certs");
        if (!result.Stdout.EndsWith("\n200", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"/certs of {sidecar.Spec.Id} did not answer 200: {result}");
        }

        return JsonDocument.Parse(result.Stdout[..^4]).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        await StopConsulAsync();
        await _network.DisposeAsync();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private async Task StartPolicyServerAsync(string[] extraArgs)
    {
        Directory.CreateDirectory(_dir);
        var root = _network.RootAddress;
        var policyDir = Path.Combine(_dir, "policy-server");
        _policyUrl = $"https://{root}:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        _policyServer = Track(ChildProcess.StartDotnet(
            RepoPaths.Executable("VmMesh.PolicyServer", "vmmesh-policy-server"),
            ["--dev", "--consul", ConsulAddress.ToString(), "--data-dir", policyDir, "--listen", _policyUrl, "--advertise", root, .. extraArgs]));
        await _policyServer.WaitForOutputAsync("vmmesh-policy-server listening on", StartTimeout);
        _caFile = Path.Combine(policyDir, "ca.pem");
        _admin = new PolicyServerClient(new PolicyServerClientOptions
        {
            ServerAddress = new Uri(_policyUrl),
            Trust = PolicyServerTrust.FromPem(await File.ReadAllTextAsync(_caFile)),
            AdminToken = (await File.ReadAllTextAsync(Path.Combine(policyDir, "admin-token"))).Trim(),
        });
    }

    private ChildProcess StartSidecarProcess(NetworkNamespace host, string configFile) =>
        Track(host.StartDotnet(RepoPaths.Executable("VmMesh.Sidecar", "vmmesh-sidecar"), ["--config", configFile]));

    private static async Task WaitReadyAsync(MeshSidecar sidecar)
    {
        try
        {
            await Eventually.UntilAsync(
                () => sidecar.Host.CurlAsync($"http://127.0.0.1:{sidecar.Spec.AdminPort.ToString(CultureInfo.InvariantCulture)}/ready"),
                r => r.Stdout.EndsWith("\n200", StringComparison.Ordinal) || sidecar.Process.HasExited,
                StartTimeout,
                $"{sidecar.Spec.Id} /ready");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nsidecar stdout:\n{sidecar.Process.Stdout}\nsidecar stderr:\n{sidecar.Process.Stderr}", ex);
        }

        if (sidecar.Process.HasExited)
        {
            throw new InvalidOperationException($"{sidecar.Spec.Id} exited {sidecar.Process.ExitCode} before it was ready.\nstdout:\n{sidecar.Process.Stdout}\nstderr:\n{sidecar.Process.Stderr}");
        }
    }

    private ChildProcess Track(ChildProcess process)
    {
        _processes.Add(process);
        return process;
    }
}
