using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using VmMesh.Cli.Tests.Support;
using VmMesh.Testing;

namespace VmMesh.Cli.Tests.Dev;

/// <summary>
/// The README's first command, exactly: `dotnet pwsh ./build.ps1 demo` (the tool manifest is already restored by the
/// test task). It builds the CLI, brings the mesh up on its default ports, carries a request through web → api →
/// inventory, and Ctrl+C (SIGINT to the foreground process group, as a terminal sends it) stops every part it printed.
/// </summary>
public sealed class DemoTaskTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(300);
    private static readonly TimeSpan TrafficTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task BuildPs1Demo_Started_ServesTheChainAndStopsEveryPartOnCtrlC()
    {
        // setsid makes the task the leader of its own process group, so the SIGINT below reaches pwsh and vmmesh
        // together, as Ctrl+C in a terminal does, and nothing else of the test run. The group is named after `--`:
        // without it procps kill takes "-<pgid>" for an option and signals far more than the group.
        await using var process = ChildProcess.Start(
            "setsid", ["dotnet", "pwsh", "-NoProfile", "-File", Path.Combine(RepoPaths.Root, "build.ps1"), "demo"]);
        await process.WaitForOutputAsync("VmMesh dev mesh is ready.", StartTimeout);
        var rows = DevMeshOutput.Rows(process.Stdout);
        var pids = rows.Values.Select(r => r.Pid).Distinct().ToList();
        Assert.Equal(7, pids.Count);
        var webApp = rows["web app"].Address;
        Assert.Equal("http://127.0.0.1:18510", webApp);

        var chain = await Eventually.UntilAsync(() => Curl.RunAsync(webApp + "/"), r => r.Status == 200, TrafficTimeout, "web answers 200 through the chain");
        using (var json = JsonDocument.Parse(chain.Body))
        {
            var inventory = json.RootElement.GetProperty("downstream").GetProperty("downstream");
            Assert.Equal("spiffe://vmmesh.local/ns/default/dc/dc1/svc/api", inventory.GetProperty("peerIdentity").GetString());
        }

        using (var kill = Process.Start("kill", ["-s", "INT", "--", "-" + process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        await process.WaitForExitAsync(ExitTimeout);
        Assert.Contains("vmmesh dev: stopped every part.", process.Stdout + process.Stderr, StringComparison.Ordinal);
        await Eventually.UntilAsync(() => Task.FromResult(pids.Where(DevMeshOutput.IsRunning).ToList()), running => running.Count == 0, ExitTimeout, "every printed pid has exited");
    }
}
