using System.Diagnostics;

namespace VmMesh.Sidecar.Tests.Inbound;

/// <summary>Runs the real curl (what an operator would try first) and keeps its exit code, the status it printed and its error line.</summary>
internal static class Curl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>GET <paramref name="url"/> over HTTP/1.1 with exactly TLS <paramref name="tlsVersion"/> ("1.2" or "1.3"), the server certificate not checked (-k).</summary>
    public static async Task<CurlResult> GetAsync(string url, string tlsVersion, string? certificatePath, string? keyPath)
    {
        var start = new ProcessStartInfo("curl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-sS", "--http1.1", "-k", "--max-time", "30", $"--tlsv{tlsVersion}", "--tls-max", tlsVersion, "-o", "/dev/null", "-w", "%{http_code}" })
        {
            start.ArgumentList.Add(argument);
        }

        if (certificatePath is not null && keyPath is not null)
        {
            start.ArgumentList.Add("--cert");
            start.ArgumentList.Add(certificatePath);
            start.ArgumentList.Add("--key");
            start.ArgumentList.Add(keyPath);
        }

        start.ArgumentList.Add(url);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CurlResult(process.ExitCode, (await stdout.WaitAsync(Timeout)).Trim(), (await stderr.WaitAsync(Timeout)).Trim());
    }
}
