using System.Globalization;
using VmMesh.Consul.Dev;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Client;
using VmMesh.PolicyServer.Client.Tokens;
using VmMesh.PolicyServer.Client.Trust;
using VmMesh.Testing;

namespace VmMesh.Bench.Topology;

/// <summary>
/// The measured topology, brought up in data-flow order and torn down in reverse. Root namespace (nothing in the data
/// path): the dev Consul on the bridge address and the real <c>vmmesh-policy-server --dev --consul …</c>, with the
/// intention web → api. Client host A: sidecar <c>web</c> (wrk runs here too). Server host B: nginx and sidecar
/// <c>api</c> in front of it. The policy server's own in-process dev Consul binds loopback only, which the namespaces
/// cannot reach, so the bench hosts the dev Consul itself (as the end-to-end tests do) and passes <c>--consul</c>.
/// </summary>
internal sealed class MeshTopology : IAsyncDisposable
{
    public const string WebIdentity = "spiffe://vmmesh.local/ns/default/dc/dc1/svc/web";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly string _dir;
    private readonly BenchNetwork _network;
    private readonly List<ChildProcess> _processes = [];
    private DevConsulServer? _consul;
    private PolicyServerClient? _admin;

    private MeshTopology(string dir, BenchNetwork network)
    {
        _dir = dir;
        _network = network;
    }

    /// <summary>This run's folder (configs, data directories, the wrk script); deleted on dispose.</summary>
    public string WorkDirectory => _dir;

    public BenchHost Client => _network.Client;

    public BenchHost Server => _network.Server;

    /// <summary>The baseline's target: the app on the server host's address, no sidecar.</summary>
    public Uri DirectUrl => new($"http://{Server.Address}:{SidecarPlan.Api.AppPort.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>The mesh target on the client host: web's outbound listener, routed by the Host header.</summary>
    public static Uri MeshUrl => new($"http://127.0.0.1:{SidecarPlan.Web.OutboundPort.ToString(CultureInfo.InvariantCulture)}/");

    public const string MeshHost = "api";

    public ChildProcess WebSidecar { get; private set; } = null!;

    public ChildProcess ApiSidecar { get; private set; } = null!;

    public ChildProcess App { get; private set; } = null!;

    public static async Task<MeshTopology> StartAsync(string runId, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(Path.GetTempPath(), "vmmesh-bench-" + runId);
        Directory.CreateDirectory(dir);
        BenchNetwork network;
        try
        {
            network = await BenchNetwork.CreateAsync(runId);
        }
        catch
        {
            Directory.Delete(dir, recursive: true);
            throw;
        }

        var topology = new MeshTopology(dir, network);
        try
        {
            await topology.StartPartsAsync(cancellationToken);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    private async Task StartPartsAsync(CancellationToken cancellationToken)
    {
        var root = _network.RootAddress;
        _consul = await DevConsulServer.StartAsync(new DevConsulOptions { BindAddress = root, Port = 0 }, cancellationToken: cancellationToken);

        var policyDir = Path.Combine(_dir, "policy-server");
        var policyUrl = new Uri($"https://{root}:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
        var policyServer = Track(ChildProcess.StartDotnet(
            RepoPaths.Executable("VmMesh.PolicyServer", "vmmesh-policy-server"),
            ["--dev", "--consul", _consul.Address.ToString(), "--data-dir", policyDir, "--listen", policyUrl.ToString().TrimEnd('/'), "--advertise", root]));
        await Started(policyServer.WaitForOutputAsync("vmmesh-policy-server listening on", StartTimeout), "vmmesh-policy-server", cancellationToken);
        var caFile = Path.Combine(policyDir, "ca.pem");
        _admin = new PolicyServerClient(new PolicyServerClientOptions
        {
            ServerAddress = policyUrl,
            Trust = PolicyServerTrust.FromPem(await File.ReadAllTextAsync(caFile, cancellationToken)),
            AdminToken = (await File.ReadAllTextAsync(Path.Combine(policyDir, "admin-token"), cancellationToken)).Trim(),
        });
        await _admin.PutIntentionAsync(new IntentionDocument("api", [new IntentionSource("web", IntentionAction.Allow)]), cancellationToken: cancellationToken)
            .WaitAsync(StartTimeout, cancellationToken);

        var nginxDir = Path.Combine(_dir, "nginx");
        var nginxConfig = NginxApp.WriteConfig(nginxDir, Server.Address, SidecarPlan.Api.AppPort);
        App = Track(Server.Start("nginx", ["-c", nginxConfig, "-p", nginxDir, "-e", "stderr"]));
        await WaitForAsync(() => Client.CurlAsync(new Uri(DirectUrl, "health").ToString()), "nginx on the server host answering " + DirectUrl, App, cancellationToken);

        WebSidecar = await StartSidecarAsync(Client, SidecarPlan.Web, policyUrl, caFile, cancellationToken);
        ApiSidecar = await StartSidecarAsync(Server, SidecarPlan.Api, policyUrl, caFile, cancellationToken);
        await WaitReadyAsync(Client, SidecarPlan.Web, WebSidecar, cancellationToken);
        await WaitReadyAsync(Server, SidecarPlan.Api, ApiSidecar, cancellationToken);

        // The first call through the mesh also waits for discovery: api's instance is passing only after its check ran.
        var whoami = await WaitForAsync(
            () => Client.CurlAsync("-H", "Host: " + MeshHost, new Uri(MeshUrl, "whoami").ToString()),
            "the mesh path A -> web -> mTLS -> api -> nginx answering 200",
            WebSidecar,
            cancellationToken);
        if (!whoami.Stdout.StartsWith(WebIdentity, StringComparison.Ordinal))
        {
            throw new BenchSetupException($"The app behind api saw the caller as '{whoami.Stdout.Split('\n')[0]}', not {WebIdentity}: the mesh path is not the one measured.");
        }
    }

    private async Task<ChildProcess> StartSidecarAsync(BenchHost host, SidecarPlan plan, Uri policyUrl, string caFile, CancellationToken cancellationToken)
    {
        var token = await _admin!.CreateTokenAsync(new CreateTokenRequest([plan.Service], "1h", 1), cancellationToken).WaitAsync(StartTimeout, cancellationToken);
        var dir = Path.Combine(_dir, plan.Service);
        Directory.CreateDirectory(dir);
        var tokenFile = Path.Combine(dir, "join-token");
        await File.WriteAllTextAsync(tokenFile, token.Token, cancellationToken);
        var config = SidecarConfig.Write(dir, plan, host, _consul!.Address, policyUrl, caFile, tokenFile);
        return Track(host.Start("dotnet", [RepoPaths.Executable("VmMesh.Sidecar", "vmmesh-sidecar"), "--config", config]));
    }

    private static Task<HostCommandResult> WaitReadyAsync(BenchHost host, SidecarPlan plan, ChildProcess sidecar, CancellationToken cancellationToken) =>
        WaitForAsync(
            () => host.CurlAsync($"http://127.0.0.1:{plan.AdminPort.ToString(CultureInfo.InvariantCulture)}/ready"),
            $"sidecar {plan.Service} /ready",
            sidecar,
            cancellationToken);

    /// <summary>Polls until the probe answers 200; fails at once when the process it waits for has exited or on Ctrl+C.</summary>
    private static async Task<HostCommandResult> WaitForAsync(Func<Task<HostCommandResult>> probe, string what, ChildProcess owner, CancellationToken cancellationToken)
    {
        async Task<HostCommandResult> Checked()
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await ExitCodeAsync(owner) is { } exitCode)
            {
                throw new BenchSetupException(
                    $"Waiting until {what}: its process exited with code {exitCode}.\n{Tail("stdout", owner.Stdout)}\n{Tail("stderr", owner.Stderr)}");
            }

            return await probe();
        }

        try
        {
            return await Eventually.UntilAsync(Checked, r => r.Stdout.EndsWith("\n200", StringComparison.Ordinal), StartTimeout, what);
        }
        catch (TimeoutException ex)
        {
            throw new BenchSetupException($"{ex.Message}\n{Tail("stdout", owner.Stdout)}\n{Tail("stderr", owner.Stderr)}", ex);
        }
    }

    private static async Task<int?> ExitCodeAsync(ChildProcess process)
    {
        try
        {
            return await process.WaitForExitAsync(TimeSpan.Zero);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static async Task Started(Task wait, string what, CancellationToken cancellationToken)
    {
        try
        {
            await wait.WaitAsync(cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new BenchSetupException($"{what} did not start: {ex.Message}", ex);
        }
    }

    private static string Tail(string name, string text)
    {
        var lines = text.Split('\n');
        return $"{name} (last lines):\n{string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 20)))}";
    }

    public async ValueTask DisposeAsync()
    {
        // Reverse start order: sidecars deregister and drain, then the app, then the control plane.
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await StopAsync(process);
        }

        _admin?.Dispose();
        if (_consul is not null)
        {
            await _consul.DisposeAsync();
        }

        await _network.DisposeAsync();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static async Task StopAsync(ChildProcess process)
    {
        try
        {
            // kill(1) with its output captured: after a Ctrl+C the terminal has already stopped most of them.
            await IpCommand.RunFileAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await process.WaitForExitAsync(StopTimeout);
        }
        catch (TimeoutException)
        {
            // Not stopped in time: the kill below ends it.
        }

        await process.DisposeAsync();
    }

    private ChildProcess Track(ChildProcess process)
    {
        _processes.Add(process);
        return process;
    }
}
