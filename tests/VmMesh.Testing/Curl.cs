using System.Diagnostics;
using System.Text;

namespace VmMesh.Testing;

/// <summary>Runs the real curl, as an operator would, and returns status, headers and body.</summary>
public static class Curl
{
    public sealed record Response(int Status, string Headers, string Body);

    public static async Task<Response> RunAsync(params string[] args)
    {
        var headerFile = Path.GetTempFileName();
        try
        {
            var info = new ProcessStartInfo("curl")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
            };
            foreach (var arg in new[] { "-sS", "--max-time", "20", "-D", headerFile, "-w", "\n%{http_code}" }.Concat(args))
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            var stdout = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var stderr = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"curl {string.Join(' ', args)} failed ({process.ExitCode}): {stderr}");
            }

            var split = stdout.LastIndexOf('\n');
            var status = int.Parse(stdout[(split + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            return new Response(status, await File.ReadAllTextAsync(headerFile), stdout[..split]);
        }
        finally
        {
            File.Delete(headerFile);
        }
    }
}
