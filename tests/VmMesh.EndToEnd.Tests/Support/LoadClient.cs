using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;

namespace VmMesh.EndToEnd.Tests.Support;

/// <summary>
/// A steady, bounded stream of GET requests through a sidecar's outbound proxy, run inside a host's namespace as
/// `dotnet &lt;this dll&gt; load-client PROXY URL COUNT CONCURRENCY RATE`: COUNT requests, at most CONCURRENCY at a
/// time, started at RATE per second (paced so that a test can act "midway"). One stdout line per finished request,
/// <c>r UNIX_MS STATUS INSTANCE [ERROR]</c> (status 000 when no HTTP answer came), then <c>load-client done</c>.
/// SIGTERM stops starting new requests; the ones in flight finish and are reported.
/// </summary>
public static class LoadClient
{
    public const string Verb = "load-client";

    public const string DoneLine = "load-client done";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length != 6 || args[0] != Verb
            || !Uri.TryCreate(args[1], UriKind.Absolute, out var proxy) || !Uri.TryCreate(args[2], UriKind.Absolute, out var url)
            || !int.TryParse(args[3], CultureInfo.InvariantCulture, out var count) || !int.TryParse(args[4], CultureInfo.InvariantCulture, out var concurrency)
            || !double.TryParse(args[5], CultureInfo.InvariantCulture, out var rate) || count < 1 || concurrency < 1 || rate <= 0)
        {
            await Console.Error.WriteLineAsync($"usage: dotnet VmMesh.EndToEnd.Tests.dll {Verb} PROXY URL COUNT CONCURRENCY RATE");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        using var client = new HttpClient(new SocketsHttpHandler { Proxy = new WebProxy(proxy), UseProxy = true, UseCookies = false })
        {
            Timeout = RequestTimeout,
        };

        var interval = TimeSpan.FromSeconds(1 / rate);
        var clock = Stopwatch.StartNew();
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var sequence = Interlocked.Increment(ref next);
                if (sequence >= count)
                {
                    return;
                }

                // Pacing, not waiting for a condition: request n starts no earlier than n × interval after the start.
                var due = interval * sequence - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(due, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                Console.WriteLine(await SendAsync(client, url));
            }
        }));
        await Task.WhenAll(workers);
        Console.WriteLine(DoneLine);
        return 0;
    }

    private static async Task<string> SendAsync(HttpClient client, Uri url)
    {
        try
        {
            using var response = await client.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            var instance = response.Headers.TryGetValues(EchoApp.InstanceHeader, out var values) ? values.First() : "-";
            return Line((int)response.StatusCode, instance, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return Line(0, "-", $"{ex.GetType().Name}: {ex.Message}".ReplaceLineEndings(" "));
        }
    }

    private static string Line(int status, string instance, string? error) =>
        string.Create(CultureInfo.InvariantCulture, $"r {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()} {status:000} {instance}{(error is null ? string.Empty : " " + error)}");
}
