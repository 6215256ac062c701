using VmMesh.Installers.Tests.Support;

namespace VmMesh.Installers.Tests.Deb;

/// <summary>
/// The real thing: systemd booted in a Debian root with both daemon debs installed and configured as README.Debian
/// says, so the hardened units run under their full sandbox (User=, ProtectSystem=strict, the system-call filter, no
/// capabilities) and Type=notify readiness is judged by systemd itself. A probe unit ordered after both records their
/// state once their start jobs are done, stops them, records the result, and powers the container off.
/// </summary>
public sealed class SystemdBootTests
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(6);

    private const string ProbeUnit =
        """
        [Unit]
        Description=VmMesh installer test probe
        After=vmmesh-sidecar.service vmmesh-policy-server.service

        [Service]
        Type=oneshot
        ExecStart=/bin/sh -c 'systemctl show -p Id -p ActiveState -p SubState vmmesh-sidecar.service vmmesh-policy-server.service > /var/tmp/probe-started; journalctl --no-pager -u vmmesh-sidecar.service -u vmmesh-policy-server.service > /var/tmp/probe-journal; systemctl stop vmmesh-sidecar.service vmmesh-policy-server.service; systemctl show -p Id -p Result -p ExecMainStatus vmmesh-sidecar.service vmmesh-policy-server.service > /var/tmp/probe-stopped'
        ExecStartPost=/bin/systemctl --no-block poweroff

        [Install]
        WantedBy=multi-user.target
        """;

    [Fact]
    public async Task HardenedUnits_UnderSystemd_BecomeActiveAndStopCleanly()
    {
        await using var controlPlane = await ControlPlane.StartAsync();
        using var root = await DebianRoot.CreateAsync();
        await Debs.InstallAsync(root, Debs.Cli, Debs.Sidecar, Debs.PolicyServer);
        await controlPlane.ConfigureSidecarAsync(root);
        await controlPlane.ConfigurePolicyServerAsync(root);
        await File.WriteAllTextAsync(root.HostPath("/etc/systemd/system/vmmesh-test-probe.service"), ProbeUnit);
        (await root.RunAsync(["systemctl", "enable", "vmmesh-test-probe.service"], Debs.DpkgTimeout)).EnsureSuccess("enabling the probe");

        await using (var systemd = root.Boot())
        {
            await systemd.WaitForExitAsync(BootTimeout);
        }

        var journal = ReadOrEmpty(root.HostPath("/var/tmp/probe-journal"));
        var started = Units(ReadOrEmpty(root.HostPath("/var/tmp/probe-started")));
        var stopped = Units(ReadOrEmpty(root.HostPath("/var/tmp/probe-stopped")));
        foreach (var unit in new[] { "vmmesh-sidecar.service", "vmmesh-policy-server.service" })
        {
            Assert.True(
                started.TryGetValue(unit, out var state) && state["ActiveState"] == "active" && state["SubState"] == "running",
                $"{unit} was not active (running) after its start job: {Describe(started, unit)}; journal:\n{journal}");
            Assert.True(
                stopped.TryGetValue(unit, out var result) && result["Result"] == "success" && result["ExecMainStatus"] == "0",
                $"{unit} did not stop cleanly: {Describe(stopped, unit)}; journal:\n{journal}");
        }
    }

    /// <summary>systemctl show output for several units: blocks of Key=Value lines separated by a blank line, keyed by Id.</summary>
    private static Dictionary<string, Dictionary<string, string>> Units(string text) =>
        text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal))
            .Where(properties => properties.ContainsKey("Id"))
            .ToDictionary(properties => properties["Id"], StringComparer.Ordinal);

    private static string Describe(Dictionary<string, Dictionary<string, string>> units, string unit) =>
        units.TryGetValue(unit, out var properties) ? string.Join(' ', properties.Select(p => $"{p.Key}={p.Value}")) : "not reported";

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : "";
}
