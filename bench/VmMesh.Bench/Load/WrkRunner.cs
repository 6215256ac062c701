using System.Globalization;
using VmMesh.Bench.Topology;

namespace VmMesh.Bench.Load;

/// <summary>Runs wrk on a host against one URL: a warm-up whose figures are discarded, then the measured run.</summary>
internal sealed class WrkRunner
{
    private readonly BenchHost _host;
    private readonly string _script;

    public WrkRunner(BenchHost host, string script)
    {
        _host = host;
        _script = script;
    }

    public async Task WarmUpAsync(LoadProfile profile, Uri url, string? hostHeader, CancellationToken cancellationToken) =>
        await RunAsync(profile, profile.Warmup, url, hostHeader, cancellationToken);

    public Task<WrkResult> MeasureAsync(LoadProfile profile, Uri url, string? hostHeader, CancellationToken cancellationToken) =>
        RunAsync(profile, profile.Duration, url, hostHeader, cancellationToken);

    private async Task<WrkResult> RunAsync(LoadProfile profile, TimeSpan duration, Uri url, string? hostHeader, CancellationToken cancellationToken)
    {
        var args = new List<string>
        {
            "-t", profile.Threads.ToString(CultureInfo.InvariantCulture),
            "-c", profile.Connections.ToString(CultureInfo.InvariantCulture),
            "-d", ((int)Math.Ceiling(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s",
            "--timeout", "5s",
            "-s", _script,
        };
        if (hostHeader is not null)
        {
            args.AddRange(["-H", "Host: " + hostHeader]);
        }

        args.Add(url.ToString());
        await using var wrk = _host.Start("wrk", args);
        int exitCode;
        try
        {
            exitCode = await wrk.WaitForExitAsync(duration + TimeSpan.FromSeconds(30)).WaitAsync(cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new BenchSetupException($"wrk {string.Join(' ', args)} did not finish: {ex.Message}", ex);
        }

        var line = wrk.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith(WrkReportScript.Marker, StringComparison.Ordinal));
        if (exitCode != 0 || line is null)
        {
            throw new BenchSetupException($"wrk {string.Join(' ', args)} exited {exitCode} without its report line.\nstdout:\n{wrk.Stdout}\nstderr:\n{wrk.Stderr}");
        }

        return Parse(line);
    }

    /// <summary>Reads the <see cref="WrkReportScript"/> line (key=value pairs after the marker).</summary>
    public static WrkResult Parse(string line)
    {
        var values = line[WrkReportScript.Marker.Length..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => double.Parse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture), StringComparer.Ordinal);
        static double Ms(double us) => us / 1000.0;
        return new WrkResult(
            Requests: (long)values["requests"],
            Duration: TimeSpan.FromMicroseconds(values["durationUs"]),
            Bytes: (long)values["bytes"],
            P50Ms: Ms(values["p50Us"]),
            P90Ms: Ms(values["p90Us"]),
            P99Ms: Ms(values["p99Us"]),
            MaxMs: Ms(values["maxUs"]),
            MeanMs: Ms(values["meanUs"]),
            HttpErrors: (long)values["status"],
            ConnectErrors: (long)values["connect"],
            ReadErrors: (long)values["read"],
            WriteErrors: (long)values["write"],
            Timeouts: (long)values["timeout"]);
    }
}
