using System.Globalization;
using System.Text.RegularExpressions;

namespace VmMesh.Installers.Tests.Ansible;

/// <summary>One host's line of ansible-playbook's PLAY RECAP: <c>target : ok=38 changed=10 unreachable=0 failed=0 …</c>.</summary>
internal sealed partial record PlayRecap(string Host, int Ok, int Changed, int Unreachable, int Failed, int Skipped, int Rescued, int Ignored)
{
    /// <summary>The line as Ansible printed it, with the spacing collapsed (for reports).</summary>
    public required string Line { get; init; }

    /// <summary>Every host line after the last PLAY RECAP heading of <paramref name="output"/>.</summary>
    public static IReadOnlyList<PlayRecap> Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var start = output.LastIndexOf("PLAY RECAP", StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }

        return [.. output[start..].Split('\n').Select(l => HostLine().Match(l)).Where(m => m.Success).Select(m => new PlayRecap(
            m.Groups["host"].Value,
            Count(m, "ok"),
            Count(m, "changed"),
            Count(m, "unreachable"),
            Count(m, "failed"),
            Count(m, "skipped"),
            Count(m, "rescued"),
            Count(m, "ignored"))
        {
            Line = Spaces().Replace(m.Value.Trim(), " "),
        })];
    }

    private static int Count(Match match, string name) => int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<host>\S+)\s+:\s+ok=(?<ok>\d+)\s+changed=(?<changed>\d+)\s+unreachable=(?<unreachable>\d+)\s+failed=(?<failed>\d+)\s+skipped=(?<skipped>\d+)\s+rescued=(?<rescued>\d+)\s+ignored=(?<ignored>\d+)\s*$")]
    private static partial Regex HostLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
