using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace VmMesh.Testing;

/// <summary>
/// Runs a short command to completion with a deadline (the whole process tree is killed when it passes) and returns
/// what it printed. For long-running servers that a test talks to, use <see cref="ChildProcess"/> instead.
/// </summary>
public static class HostCommand
{
    /// <param name="installHint">Said when the program cannot be started at all, e.g. "install the Debian package msitools".</param>
    public static async Task<CommandResult> RunAsync(
        string fileName,
        IEnumerable<string> args,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        string? installHint = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"{fileName} could not be started ({ex.Message}){(installHint is null ? string.Empty : "; " + installHint)}.", ex);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                throw new TimeoutException(
                    $"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}; stdout:\n{await stdout}\nstderr:\n{await stderr}");
            }

            return new CommandResult(process.ExitCode, await stdout.WaitAsync(timeout), await stderr.WaitAsync(timeout));
        }
    }
}
