using System.Diagnostics;
using System.Text.RegularExpressions;

namespace VmMesh.Cli.Tests.Support;

/// <summary>Reads the table `vmmesh dev` prints (part, pid, address) and checks whether a printed pid still runs.</summary>
public static partial class DevMeshOutput
{
    /// <summary>Every part of the one-machine mesh, as the table names them.</summary>
    public static IReadOnlySet<string> Parts { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "api app", "api sidecar", "consul (in policy-server)", "inventory app", "inventory sidecar", "policy-server", "web app", "web sidecar",
    };

    /// <summary>The table's rows by part name; other output (a build before it, say) is ignored.</summary>
    public static IReadOnlyDictionary<string, (int Pid, string Address)> Rows(string stdout) =>
        TableRow().Matches(stdout)
            .Where(m => Parts.Contains(m.Groups["part"].Value.Trim()))
            .ToDictionary(
                m => m.Groups["part"].Value.Trim(),
                m => (int.Parse(m.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["address"].Value.Trim()));

    public static bool IsRunning(int pid)
    {
        try
        {
            using var found = Process.GetProcessById(pid);
            return !found.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(?<part>\S.*?)\s{2,}(?<pid>\d+)\s+(?<address>.+)$", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
