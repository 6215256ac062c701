using System.Globalization;

namespace VmMesh.Installers.Tests.Deb;

/// <summary>
/// What systemd would run for an installed unit, as a shell command for the Debian root: its WorkingDirectory, UMask,
/// EnvironmentFile and ExecStart, as its User and Group (setpriv, which execs, so the daemon keeps PID 1). The sandbox
/// directives are not emulated; systemd-analyze checks those.
/// </summary>
public static class UnitCommand
{
    public static string FromUnitFile(string unitText)
    {
        ArgumentNullException.ThrowIfNull(unitText);
        var settings = unitText.Split('\n')
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .GroupBy(p => p[0].Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.Ordinal);

        string Required(string key) => settings.TryGetValue(key, out var value) ? value : throw new InvalidOperationException($"the unit has no {key}=");

        var script = new List<string>
        {
            $"cd {Required("WorkingDirectory")}",
            $"umask {Required("UMask")}",
        };
        if (settings.TryGetValue("EnvironmentFile", out var environmentFile))
        {
            // systemd reads KEY="value" lines; for the plain quoted values of our conffile the shell reads them the same.
            script.Add($"set -a; . {environmentFile.TrimStart('-')}; set +a");
        }

        // An unbraced $VAR in ExecStart is split at whitespace by systemd, as by the shell.
        script.Add(string.Create(CultureInfo.InvariantCulture, $"exec setpriv --reuid={Required("User")} --regid={Required("Group")} --init-groups {Required("ExecStart")}"));
        return string.Join('\n', script);
    }
}
