// `vmmesh dev`: the whole mesh on one machine. Flow: find the built executables → start the policy server with its
// in-process dev Consul → create one join token per service through the API → for web, api and inventory start the
// demo app and its sidecar → wait for every sidecar's /ready → allow exactly web→api and api→inventory (the mesh
// default denies the rest) → print what runs where → on Ctrl+C/SIGTERM stop sidecars first (they deregister), then
// apps, then the policy server. Children's output goes to log files in the data directory.
using System.Globalization;
using System.Runtime.InteropServices;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Client;
using VmMesh.PolicyServer.Client.Errors;
using VmMesh.PolicyServer.Client.Tokens;
using VmMesh.PolicyServer.Client.Trust;

namespace VmMesh.Cli.Dev;

internal sealed class DevMesh
{
    /// <summary>The demo chain: each service and the one it calls.</summary>
    public static readonly IReadOnlyList<(string Name, string? Calls)> Services = [("web", "api"), ("api", "inventory"), ("inventory", null)];

    public const string ReadyBanner = "VmMesh dev mesh is ready.";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);

    private readonly List<DevChild> _sidecars = [];
    private readonly List<DevChild> _apps = [];
    private DevChild? _policyServer;

    public static int Run(int basePort)
    {
        using var stop = new CancellationTokenSource();
        Action<PosixSignalContext> onSignal = context =>
        {
            context.Cancel = true; // shut down in order below instead of dying at once
            stop.Cancel();
        };
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, onSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, onSignal);
        return new DevMesh().RunAsync(basePort, stop.Token).GetAwaiter().GetResult();
    }

    private async Task<int> RunAsync(int basePort, CancellationToken stop)
    {
        var errors = new List<string>();
        var policyServerDll = DevBinaries.Find("VmMesh.PolicyServer", "vmmesh-policy-server", errors);
        var sidecarDll = DevBinaries.Find("VmMesh.Sidecar", "vmmesh-sidecar", errors);
        var demoDll = DevBinaries.Find("VmMesh.Demo", "vmmesh-demo", errors);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync($"vmmesh dev: {error}").ConfigureAwait(false);
            }

            return ExitCodes.Unavailable;
        }

        var ports = DevPorts.From(basePort);
        var dataDir = Path.Combine(Path.GetTempPath(), "vmmesh-dev-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDir);
        await Console.Error.WriteLineAsync($"vmmesh dev: starting the mesh; logs and state in {dataDir}").ConfigureAwait(false);
        try
        {
            await StartAsync(ports, dataDir, policyServerDll, sidecarDll, demoDll, stop).ConfigureAwait(false);
            await PrintAsync(ports, dataDir).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: stop in order below.
        }
        catch (Exception ex) when (ex is DevMeshException or PolicyServerException or IOException or HttpRequestException or TimeoutException)
        {
            var logs = ex is DevMeshException ? string.Empty : $"; see the logs in {dataDir}";
            await Console.Error.WriteLineAsync($"vmmesh dev: {ex.Message}{logs}").ConfigureAwait(false);
            await StopAllAsync().ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }

        await StopAllAsync().ConfigureAwait(false);
        await Console.Error.WriteLineAsync("vmmesh dev: stopped every part.").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private async Task StartAsync(DevPorts ports, string dataDir, string policyServerDll, string sidecarDll, string demoDll, CancellationToken stop)
    {
        var deadline = DateTimeOffset.UtcNow + StartTimeout;
        var psData = Path.Combine(dataDir, "policy-server");
        _policyServer = DevChild.Start("policy-server", policyServerDll, [
            "--dev", "--data-dir", psData, "--listen", $"https://127.0.0.1:{ports.PolicyServer}",
            "--dev-consul-port", ports.Consul.ToString(CultureInfo.InvariantCulture)], dataDir);
        await WaitAsync(_policyServer, () => Task.FromResult(_policyServer.HasPrinted("vmmesh-policy-server listening on")), deadline, stop).ConfigureAwait(false);

        var caFile = Path.Combine(psData, "ca.pem");
        using var client = new PolicyServerClient(CreateClientOptions(ports, caFile, await File.ReadAllTextAsync(Path.Combine(psData, "admin-token"), stop).ConfigureAwait(false)));
        for (var n = 0; n < Services.Count; n++)
        {
            var (name, calls) = Services[n];
            var servicePorts = ports.Services[n];
            var serviceDir = Path.Combine(dataDir, name);
            Directory.CreateDirectory(serviceDir);
            var token = await client.CreateTokenAsync(new CreateTokenRequest([name], "24h", 1), stop).ConfigureAwait(false);
            var tokenFile = Path.Combine(serviceDir, "join-token");
            await File.WriteAllTextAsync(tokenFile, token.Token, stop).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            List<string> appArgs = ["--role", name, "--port", servicePorts.App.ToString(CultureInfo.InvariantCulture)];
            if (calls is not null)
            {
                appArgs.AddRange(["--proxy", $"http://127.0.0.1:{servicePorts.Outbound}"]);
            }

            _apps.Add(DevChild.Start(name + "-app", demoDll, appArgs, dataDir));
            var config = DevSidecarConfig.Write(serviceDir, name, servicePorts, ports, caFile, tokenFile);
            _sidecars.Add(DevChild.Start(name + "-sidecar", sidecarDll, ["--config", config], dataDir));
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var n = 0; n < Services.Count; n++)
        {
            var admin = new Uri($"http://127.0.0.1:{ports.Services[n].Admin}/ready");
            await WaitAsync(_sidecars[n], () => IsOkAsync(http, admin, stop), deadline, stop).ConfigureAwait(false);
        }

        foreach (var (name, calls) in Services)
        {
            if (calls is not null)
            {
                await client.PutIntentionAsync(new IntentionDocument(calls, [new IntentionSource(name, IntentionAction.Allow)]), cancellationToken: stop).ConfigureAwait(false);
            }
        }
    }

    private static PolicyServerClientOptions CreateClientOptions(DevPorts ports, string caFile, string adminToken)
    {
        var trust = PolicyServerTrust.FromPem(File.ReadAllText(caFile));
        return new PolicyServerClientOptions
        {
            ServerAddress = new Uri($"https://127.0.0.1:{ports.PolicyServer}"),
            Trust = trust,
            ExpectedServerId = trust.PolicyServerId,
            AdminToken = adminToken.Trim(),
        };
    }

    private static async Task<bool> IsOkAsync(HttpClient http, Uri url, CancellationToken stop)
    {
        try
        {
            using var response = await http.GetAsync(url, stop).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!stop.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task WaitAsync(DevChild child, Func<Task<bool>> isReady, DateTimeOffset deadline, CancellationToken stop)
    {
        while (!await isReady().ConfigureAwait(false))
        {
            if (child.HasExited)
            {
                var cause = child.FirstFailureLine();
                var hint = cause?.Contains("address already in use", StringComparison.OrdinalIgnoreCase) == true
                    ? "; a port of the mesh is taken: pass --base-port with another base, or --base-port 0 for free ports"
                    : string.Empty;
                throw new DevMeshException($"{child.Part} exited during start-up{(cause is null ? string.Empty : $" ({cause.Trim()})")}{hint}; its output is in {child.LogPath}");
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new DevMeshException($"{child.Part} was not ready within {StartTimeout.TotalSeconds:0} s; its output is in {child.LogPath}");
            }

            await Task.Delay(200, stop).ConfigureAwait(false);
        }
    }

    private async Task StopAllAsync()
    {
        // Sidecars first so they deregister from Consul while it still runs; the policy server (and its Consul) last.
        foreach (var group in new[] { _sidecars, _apps, _policyServer is null ? [] : [_policyServer] })
        {
            await Task.WhenAll(group.Select(c => c.StopAsync(StopGrace))).ConfigureAwait(false);
            foreach (var child in group)
            {
                child.Dispose();
            }
        }
    }

    private async Task PrintAsync(DevPorts ports, string dataDir)
    {
        var rows = new List<(string Part, string Address, int Pid)>
        {
            ("consul (in policy-server)", $"http://127.0.0.1:{ports.Consul}", _policyServer!.Id),
            ("policy-server", $"https://127.0.0.1:{ports.PolicyServer}", _policyServer.Id),
        };
        for (var n = 0; n < Services.Count; n++)
        {
            var p = ports.Services[n];
            var name = Services[n].Name;
            rows.Add(($"{name} app", $"http://127.0.0.1:{p.App}", _apps[n].Id));
            rows.Add(($"{name} sidecar", $"inbound https://127.0.0.1:{p.Inbound}  outbound http://127.0.0.1:{p.Outbound}  admin http://127.0.0.1:{p.Admin}", _sidecars[n].Id));
        }

        var output = Console.Out;
        await output.WriteLineAsync($"{"PART",-26} {"PID",-8} ADDRESS").ConfigureAwait(false);
        foreach (var (part, address, pid) in rows)
        {
            await output.WriteLineAsync($"{part,-26} {pid,-8} {address}").ConfigureAwait(false);
        }

        var web = ports.Services[0];
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Intentions: web -> api and api -> inventory allowed; everything else denied.").ConfigureAwait(false);
        await output.WriteLineAsync("Try:").ConfigureAwait(false);
        await output.WriteLineAsync($"  curl http://127.0.0.1:{web.App}/                                  # web -> api -> inventory through the sidecars").ConfigureAwait(false);
        await output.WriteLineAsync($"  curl -x http://127.0.0.1:{web.Outbound} http://api/                  # web's sidecar calling api (allowed)").ConfigureAwait(false);
        await output.WriteLineAsync($"  curl -i -x http://127.0.0.1:{web.Outbound} http://inventory/         # web -> inventory: 403 intention-denied").ConfigureAwait(false);
        await output.WriteLineAsync($"  curl http://127.0.0.1:{ports.Consul}/v1/catalog/services             # the dev Consul").ConfigureAwait(false);
        await output.WriteLineAsync($"Logs: {dataDir}/*.log   Policy server admin token: {Path.Combine(dataDir, "policy-server", "admin-token")}").ConfigureAwait(false);
        await output.WriteLineAsync($"{ReadyBanner} Press Ctrl+C to stop.").ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
