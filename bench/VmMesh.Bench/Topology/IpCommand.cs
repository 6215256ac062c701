using System.ComponentModel;
using System.Diagnostics;

namespace VmMesh.Bench.Topology;

/// <summary>Runs iproute2's <c>ip</c> (and other short commands) to completion with a bound on the wait.</summary>
internal static class IpCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Task<HostCommandResult> RunAsync(params string[] args) => RunFileAsync("ip", args);

    public static async Task MustAsync(params string[] args)
    {
        var result = await RunAsync(args);
        if (result.ExitCode != 0)
        {
            throw new BenchSetupException($"ip {string.Join(' ', args)} failed: {result}");
        }
    }

    public static async Task<HostCommandResult> RunFileAsync(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(Timeout);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw new BenchSetupException($"{file} {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds:0} s.");
            }

            return new HostCommandResult(process.ExitCode, await stdout, await stderr);
        }
        catch (Win32Exception ex)
        {
            return new HostCommandResult(-1, string.Empty, $"{file}: {ex.Message}");
        }
    }
}
