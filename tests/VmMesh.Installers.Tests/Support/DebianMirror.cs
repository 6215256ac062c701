using System.Text.RegularExpressions;

namespace VmMesh.Installers.Tests.Support;

/// <summary>
/// The Debian mirror this machine's apt uses (so debootstrap reaches the same registry as apt-get), read from
/// /etc/apt/sources.list and sources.list.d (one-line and deb822 formats). VMMESH_DEBIAN_MIRROR overrides it.
/// </summary>
public static partial class DebianMirror
{
    public const string Fallback = "http://deb.debian.org/debian";

    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("VMMESH_DEBIAN_MIRROR") is { Length: > 0 } configured)
        {
            return configured;
        }

        var files = new List<string>();
        if (File.Exists("/etc/apt/sources.list"))
        {
            files.Add("/etc/apt/sources.list");
        }

        if (Directory.Exists("/etc/apt/sources.list.d"))
        {
            files.AddRange(Directory.EnumerateFiles("/etc/apt/sources.list.d").Where(f => f.EndsWith(".list", StringComparison.Ordinal) || f.EndsWith(".sources", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        }

        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var found = file.EndsWith(".sources", StringComparison.Ordinal) ? FromDeb822(text) : FromOneLine(text);
            if (found is not null)
            {
                return found;
            }
        }

        return Fallback;
    }

    /// <summary>The first <c>deb</c> line for the suite itself (not -updates or -security).</summary>
    public static string? FromOneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var line in text.Split('\n'))
        {
            var match = OneLine().Match(line);
            if (match.Success && match.Groups["suite"].Value == DebianRootImage.Suite)
            {
                return match.Groups["uri"].Value;
            }
        }

        return null;
    }

    /// <summary>The first enabled deb822 stanza of type deb whose Suites include the suite itself.</summary>
    public static string? FromDeb822(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var stanza in text.Replace("\r", "", StringComparison.Ordinal).Split("\n\n"))
        {
            var fields = stanza.Split('\n')
                .Where(l => !l.StartsWith('#') && l.Contains(':', StringComparison.Ordinal))
                .Select(l => l.Split(':', 2))
                .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
            if (fields.TryGetValue("Types", out var types) && types.Split(' ').Contains("deb")
                && fields.TryGetValue("Suites", out var suites) && suites.Split(' ').Contains(DebianRootImage.Suite)
                && fields.TryGetValue("URIs", out var uris) && uris.Length > 0
                && !(fields.TryGetValue("Enabled", out var enabled) && enabled == "no"))
            {
                return uris.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            }
        }

        return null;
    }

    [GeneratedRegex(@"^\s*deb\s+(\[[^\]]*\]\s+)?(?<uri>\S+)\s+(?<suite>\S+)")]
    private static partial Regex OneLine();
}
