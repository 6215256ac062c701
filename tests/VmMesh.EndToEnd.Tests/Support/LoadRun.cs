using System.Globalization;
using VmMesh.Testing;

namespace VmMesh.EndToEnd.Tests.Support;

/// <summary>
/// The test's handle on a <see cref="LoadClient"/> process running on a host: the results so far, waits bounded by
/// deadlines, an early stop (SIGTERM: in-flight requests still finish) and a summary for the test output.
/// </summary>
internal sealed class LoadRun : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private LoadRun(ChildProcess process, int count)
    {
        _process = process;
        Count = count;
    }

    /// <summary>How many requests the run sends unless stopped.</summary>
    public int Count { get; }

    public IReadOnlyList<LoadResult> Results =>
        [.. _process.Stdout.Split('\n').Select(LoadResult.Parse).OfType<LoadResult>()];

    /// <summary>Starts <paramref name="count"/> GETs of <paramref name="url"/> through the proxy on <paramref name="host"/>'s loopback.</summary>
    public static LoadRun Start(NetworkNamespace host, int proxyPort, string url, int count, int concurrency, double ratePerSecond)
    {
        ArgumentNullException.ThrowIfNull(host);
        var process = host.StartDotnet(typeof(LoadClient).Assembly.Location,
        [
            LoadClient.Verb,
            $"http://127.0.0.1:{proxyPort.ToString(CultureInfo.InvariantCulture)}",
            url,
            count.ToString(CultureInfo.InvariantCulture),
            concurrency.ToString(CultureInfo.InvariantCulture),
            ratePerSecond.ToString(CultureInfo.InvariantCulture),
        ]);
        return new LoadRun(process, count);
    }

    /// <summary>Waits until at least <paramref name="finished"/> requests have finished.</summary>
    public async Task WaitForResultsAsync(int finished, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Results.Count < finished)
        {
            if (DateTime.UtcNow > deadline || _process.Stdout.Contains(LoadClient.DoneLine, StringComparison.Ordinal))
            {
                throw new TimeoutException($"Only {Results.Count} of {finished} requests finished within {timeout}. stderr:\n{_process.Stderr}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the run to end by itself and returns every result.</summary>
    public async Task<IReadOnlyList<LoadResult>> WaitForEndAsync(TimeSpan timeout)
    {
        var exitCode = await _process.WaitForExitAsync(timeout);
        if (exitCode != 0 || !_process.Stdout.Contains(LoadClient.DoneLine, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"load-client exited {exitCode} without finishing. stderr:\n{_process.Stderr}");
        }

        return Results;
    }

    /// <summary>Stops starting requests, lets the ones in flight finish, and returns every result.</summary>
    public async Task<IReadOnlyList<LoadResult>> StopAsync(TimeSpan timeout)
    {
        await _process.SignalAsync("TERM");
        return await WaitForEndAsync(timeout);
    }

    /// <summary>"N requests over T s (first to last finish), S succeeded (P %), failures by status, served by instance" for the test output.</summary>
    public static string Summarize(IReadOnlyCollection<LoadResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var succeeded = results.Count(r => r.Succeeded);
        var failures = string.Join(", ", results.Where(r => !r.Succeeded).GroupBy(r => r.Status).Select(g => $"{g.Key:000}×{g.Count()}"));
        var instances = string.Join(", ", results.Where(r => r.Succeeded).GroupBy(r => r.Instance).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));
        var firstError = results.FirstOrDefault(r => r.Error is not null)?.Error;
        var span = results.Count == 0 ? TimeSpan.Zero : results.Max(r => r.FinishedAt) - results.Min(r => r.FinishedAt);
        return string.Create(CultureInfo.InvariantCulture,
            $"{results.Count} requests over {span.TotalSeconds:0.0} s, {succeeded} succeeded ({SuccessPercent(results):0.00} %); failures: {(failures.Length == 0 ? "none" : failures)}; served by {instances}{(firstError is null ? string.Empty : "; first error: " + firstError)}");
    }

    public static double SuccessPercent(IReadOnlyCollection<LoadResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.Count == 0 ? 0 : 100.0 * results.Count(r => r.Succeeded) / results.Count;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
