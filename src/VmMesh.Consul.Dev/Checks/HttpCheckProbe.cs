// HTTP checks as Consul's agent runs them: method/headers/body, "Consul Health Check" user agent,
// timeout (default 10 s) on the injected TimeProvider, 2xx passing / 429 warning / else critical,
// output "HTTP GET <url>: 200 OK Output: <body prefix>".
using System.Globalization;
using System.Net;
using System.Text;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Checks;

internal sealed class HttpCheckProbe : IDisposable
{
    private readonly TimeProvider _time;
    private readonly HttpClient[] _clients;

    public HttpCheckProbe(TimeProvider time)
    {
        _time = time;
        _clients = new HttpClient[4];
        for (var i = 0; i < 4; i++)
        {
            var followRedirects = (i & 1) == 0;
            var skipVerify = (i & 2) != 0;
            var handler = new SocketsHttpHandler { AllowAutoRedirect = followRedirects, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
            if (skipVerify)
            {
#pragma warning disable CA5359 // TLSSkipVerify is the operator's explicit choice for this check.
                handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
            }

            _clients[i] = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        }
    }

    public async Task<ProbeResult> RunAsync(CheckSpec spec, CancellationToken cancellationToken)
    {
        var method = spec.Method.Length > 0 ? spec.Method.ToUpperInvariant() : "GET";
        var timeout = spec.Timeout > TimeSpan.Zero ? spec.Timeout : TimeSpan.FromSeconds(10);
        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        var client = _clients[(spec.DisableRedirects ? 1 : 0) | (spec.TlsSkipVerify ? 2 : 0)];
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), spec.Http);
            if (spec.Body.Length > 0)
            {
                request.Content = new StringContent(spec.Body, Encoding.UTF8);
                request.Content.Headers.ContentType = null;
            }

            request.Headers.TryAddWithoutValidation("User-Agent", "Consul Health Check");
            request.Headers.TryAddWithoutValidation("Accept", "text/plain, text/*, */*");
            foreach (var (name, values) in spec.Header)
            {
                if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase) && values.Length > 0)
                {
                    request.Headers.Host = values[0];
                    continue;
                }

                request.Headers.Remove(name);
                if (!request.Headers.TryAddWithoutValidation(name, values) && request.Content is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation(name, values);
                }
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var body = await ReadPrefixAsync(response, spec.OutputMaxSize, linked.Token);
            var code = (int)response.StatusCode;
            var output = $"HTTP {method} {spec.Http}: {code.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase ?? ReasonOf(response.StatusCode)} Output: {body}";
            var status = code is >= 200 and <= 299 ? CheckStatus.Passing : code == 429 ? CheckStatus.Warning : CheckStatus.Critical;
            return new ProbeResult(status, CheckOutput.Truncate(output, spec.OutputMaxSize));
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(CheckStatus.Critical, $"{GoMethod(method)} \"{spec.Http}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or UriFormatException)
        {
            return new ProbeResult(CheckStatus.Critical, $"{GoMethod(method)} \"{spec.Http}\": {ex.Message}");
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private static async Task<string> ReadPrefixAsync(HttpResponseMessage response, int max, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[max];
        var total = 0;
        while (total < max)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total, max - total), cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    private static string GoMethod(string method) => method.Length == 0 ? method : method[0] + method[1..].ToLowerInvariant();

    private static string ReasonOf(HttpStatusCode code) => code.ToString();
}
