// Test support for the MSI checks: msitools (msiinfo, msiextract) run as processes, the tables they export parsed
// into rows, and the facts each product must show. Flow: MsiTool runs a tool → MsiTable parses one exported table →
// MsiDatabase answers questions across tables (where a file lands, which rows a product has).
using VmMesh.Testing;

namespace VmMesh.Installers.Tests.Msi;

/// <summary>Runs one msitools command (or the build script) to completion with a deadline.</summary>
internal static class MsiTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Runs the tool and returns its stdout; a non-zero exit throws with stderr.</summary>
    public static async Task<string> RunAsync(string tool, params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunRawAsync(tool, args, workingDirectory: null);
        return exitCode == 0
            ? stdout
            : throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited with {exitCode}: {stderr.Trim()}");
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunRawAsync(string tool, IEnumerable<string> args, string? workingDirectory)
    {
        var result = await HostCommand.RunAsync(tool, args, Timeout, workingDirectory: workingDirectory,
            installHint: "install the Debian package msitools (build.ps1 package does)");
        return (result.ExitCode, result.Stdout, result.Stderr);
    }
}
