using System.Text.RegularExpressions;
using VmMesh.Installers.Tests.Support;
using VmMesh.Testing;

namespace VmMesh.Installers.Tests.Deb;

/// <summary>lintian on every deb: no error, no warning that is not overridden, and every override says why.</summary>
public sealed partial class LintianTests
{
    [Theory]
    [MemberData(nameof(Debs.All), MemberType = typeof(Debs))]
    public async Task Lintian_OnDeb_ReportsNoErrorOrWarning(string package)
    {
        var deb = Debs.Path(package);

        // --no-cfg: the machine's lintianrc must not change the verdict. Overridden tags are not printed.
        var result = await HostCommand.RunAsync("lintian", ["--no-cfg", deb], TimeSpan.FromMinutes(5));

        var tags = result.Stdout.Split('\n').Where(line => TagLine().IsMatch(line)).ToList();
        var errorsAndWarnings = tags.Where(line => line.StartsWith("E:", StringComparison.Ordinal) || line.StartsWith("W:", StringComparison.Ordinal)).ToList();
        Assert.True(errorsAndWarnings.Count == 0, $"lintian {deb}:\n{string.Join('\n', errorsAndWarnings)}\n{result}");
        Assert.True(result.ExitCode == 0, $"lintian {deb} exited {result.ExitCode}: {result}");
    }

    [Theory]
    [MemberData(nameof(Debs.All), MemberType = typeof(Debs))]
    public async Task LintianOverrides_InDeb_EachHasAStatedReason(string package)
    {
        var overrides = await File.ReadAllLinesAsync(Path.Combine(RepoPathsInstallers.DebDir, package, "lintian-overrides"));

        string? previous = null;
        foreach (var line in overrides.Where(l => l.Length > 0))
        {
            if (!line.StartsWith('#'))
            {
                Assert.True(line.StartsWith($"{package}: ", StringComparison.Ordinal), $"override '{line}' is not for {package}");
                Assert.True(previous is not null, $"override '{line}' of {package} has no comment saying why");
            }

            previous = line.StartsWith('#') ? line : previous;
        }

        var contents = await HostCommand.RunAsync("dpkg-deb", ["-c", Debs.Path(package)], TimeSpan.FromMinutes(2));
        Assert.Contains($"./usr/share/lintian/overrides/{package}\n", contents.Stdout, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^[EWIPXO]: \S+: \S+")]
    private static partial Regex TagLine();
}
