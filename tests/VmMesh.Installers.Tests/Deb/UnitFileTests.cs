using System.Globalization;
using System.Text.RegularExpressions;
using VmMesh.Installers.Tests.Support;

namespace VmMesh.Installers.Tests.Deb;

/// <summary>
/// The installed systemd units: systemd-analyze verify inside the Debian root (so ExecStart, the user and the
/// dependencies resolve as on a real host), the offline security assessment, and the hardening the issue asks for.
/// </summary>
public sealed partial class UnitFileTests(InstalledRootFixture installed) : IClassFixture<InstalledRootFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static IEnumerable<object[]> Units => [["vmmesh-sidecar.service"], ["vmmesh-policy-server.service"]];

    [Theory]
    [MemberData(nameof(Units))]
    public async Task SystemdAnalyzeVerify_InstalledUnit_ReportsNothing(string unit)
    {
        var result = await installed.Root.RunAsync(["systemd-analyze", "verify", $"/usr/lib/systemd/system/{unit}"], Timeout);

        Assert.True(result.ExitCode == 0 && result.Stdout.Length == 0 && result.Stderr.Length == 0, $"systemd-analyze verify {unit}: {result}");
    }

    [Theory]
    [MemberData(nameof(Units))]
    public async Task SystemdAnalyzeSecurity_InstalledUnit_ExposureIsOk(string unit)
    {
        var result = await installed.Root.RunAsync(["systemd-analyze", "security", "--offline=true", $"/usr/lib/systemd/system/{unit}"], Timeout);

        var match = Exposure().Match(result.Stdout);
        Assert.True(match.Success, $"no exposure level in: {result}");
        var level = double.Parse(match.Groups["level"].Value, CultureInfo.InvariantCulture);
        // systemd rates 0-1.9 "OK", then "MEDIUM" up to 4.9 and worse above; the units must stay in the best band.
        Assert.True(match.Groups["verdict"].Value == "OK", $"{unit} exposure {level} {match.Groups["verdict"].Value}:\n{result.Stdout}");
    }

    [Theory]
    [MemberData(nameof(Units))]
    public async Task UnitFile_Installed_HasTheHardeningTheIssueAsksFor(string unit)
    {
        var lines = (await File.ReadAllLinesAsync(installed.Root.HostPath($"/usr/lib/systemd/system/{unit}")))
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('['))
            .ToList();

        string[] required =
        [
            "Type=notify", "User=vmmesh", "Group=vmmesh", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
            "PrivateDevices=yes", "NoNewPrivileges=yes", "CapabilityBoundingSet=", "AmbientCapabilities=",
            "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", "SystemCallFilter=@system-service", "Restart=on-failure",
            "RestartPreventExitStatus=2", "TimeoutStopSec=45s", "StateDirectoryMode=0750", "WantedBy=multi-user.target",
        ];
        Assert.Empty(required.Except(lines));
        Assert.DoesNotContain(lines, l => l.StartsWith("MemoryDenyWriteExecute=", StringComparison.Ordinal));
        Assert.Contains($"StateDirectory=vmmesh/{unit.Replace("vmmesh-", "", StringComparison.Ordinal).Replace(".service", "", StringComparison.Ordinal)}", lines);
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void UnitFile_InRepository_IsWhatThePackageInstalled(string unit) =>
        Assert.Equal(
            File.ReadAllText(Path.Combine(RepoPathsInstallers.SystemdDir, unit)),
            File.ReadAllText(installed.Root.HostPath($"/usr/lib/systemd/system/{unit}")));

    [GeneratedRegex(@"Overall exposure level for \S+: (?<level>[0-9.]+) (?<verdict>\w+)")]
    private static partial Regex Exposure();
}
