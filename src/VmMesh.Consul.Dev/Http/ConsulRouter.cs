// The one terminal request delegate: path cleaning, route match, 404/405/OPTIONS, the single
// ACL token, ?dc and the blocking parameters, then the handler; finally the common headers
// of contract §1.5 and plain-text errors.
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using VmMesh.Consul.Dev.Hosting;
using VmMesh.Consul.Dev.Json;

namespace VmMesh.Consul.Dev.Http;

internal sealed class ConsulRouter
{
    private const string NotAnEndpoint = "Invalid URL path: not a recognized HTTP API endpoint\n";
    private const string NotV1 = "Invalid URL path: if attempting to use the HTTP API, ensure the path starts with '/v1/'\n";

    // Go's gzip handler leaves bodies below ~1.4 KB uncompressed.
    private const int GzipMinSize = 1400;

    private readonly RouteTable _routes;
    private readonly DevConsulOptions _options;
    private readonly ILogger _logger;

    public ConsulRouter(RouteTable routes, DevConsulOptions options, ILogger logger)
    {
        _routes = routes;
        _options = options;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext http)
    {
        var response = http.Response;
        response.Headers["X-Consul-Default-Acl-Policy"] = _options.Token is null ? "allow" : "deny";
        var path = DecodedPath(http);
        ConsulReply reply;
        try
        {
            reply = await DispatchAsync(http, path);
        }
        catch (ConsulHttpError error)
        {
            reply = ConsulReply.Text(error.Status, error.Message);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            DevConsulLog.HandlerFailed(_logger, http.Request.Method, path, ex);
            reply = ConsulReply.Text(500, ex.Message);
        }

        await WriteAsync(http, reply);
    }

    private async Task<ConsulReply> DispatchAsync(HttpContext http, string path)
    {
        if (path.Contains("//", StringComparison.Ordinal))
        {
            return Redirect(http, CleanDoubleSlashes(path));
        }

        var route = _routes.Match(path, out var parameter);
        if (route is null)
        {
            if (_routes.IsPrefixWithoutSlash(path))
            {
                return Redirect(http, path + "/");
            }

            return ConsulReply.Text(404, path.Contains("/v1/", StringComparison.Ordinal) ? NotAnEndpoint : NotV1);
        }

        var method = http.Request.Method;
        if (HttpMethods.IsOptions(method))
        {
            return ConsulReply.Empty() with { Headers = [new("Allow", route.AllowHeader)] };
        }

        if (!route.Methods.TryGetValue(method, out var handler))
        {
            return ConsulReply.Text(405, $"method {method} not allowed") with { Headers = [new("Allow", route.AllowHeader)] };
        }

        if (_options.Token is { } expected && !string.Equals(RequestToken(http.Request), expected, StringComparison.Ordinal))
        {
            return ConsulReply.Text(403, "ACL not found");
        }

        var query = http.Request.Query;
        if (route.UsesDatacenter && query.TryGetValue("dc", out var dc) && dc.Count > 0 && !string.IsNullOrEmpty(dc[0])
            && !string.Equals(dc[0], _options.Datacenter, StringComparison.Ordinal))
        {
            return ConsulReply.Text(500, "No path to datacenter");
        }

        var options = route.Blockable ? ParseQueryOptions(query) : new QueryOptions(0, TimeSpan.Zero, "leader", null);
        if (route.IsPrefix && parameter.Length == 0 && route.MissingParameterMessage is { } missing)
        {
            return ConsulReply.Text(400, missing);
        }

        return await handler(new RequestContext(http, parameter, options));
    }

    private static QueryOptions ParseQueryOptions(IQueryCollection query)
    {
        var stale = query.ContainsKey("stale");
        var consistent = query.ContainsKey("consistent");
        if (stale && consistent)
        {
            throw new ConsulHttpError(400, "Cannot specify ?stale with ?consistent, conflicting semantics.");
        }

        ulong index = 0;
        if (query.TryGetValue("index", out var indexText) && indexText.Count > 0
            && !ulong.TryParse(indexText[0], NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            throw new ConsulHttpError(400, "Invalid index");
        }

        var wait = TimeSpan.Zero;
        if (query.TryGetValue("wait", out var waitText) && waitText.Count > 0
            && !GoDuration.TryParse(waitText[0] ?? string.Empty, out wait, out _))
        {
            throw new ConsulHttpError(400, "Invalid wait time");
        }

        string? hash = query.TryGetValue("hash", out var h) && h.Count > 0 ? h[0] : null;
        return new QueryOptions(index, wait, stale ? "stale" : consistent ? "consistent" : "leader", hash);
    }

    private static string? RequestToken(HttpRequest request)
    {
        if (request.Query.TryGetValue("token", out var q) && !string.IsNullOrEmpty(q[0]))
        {
            return q[0];
        }

        if (request.Headers.TryGetValue("X-Consul-Token", out var h) && !string.IsNullOrEmpty(h[0]))
        {
            return h[0];
        }

        var auth = request.Headers.Authorization.ToString();
        var parts = auth.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 2 && string.Equals(parts[0], "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return parts[1];
        }

        return null;
    }

    /// <summary>The percent-decoded path (Kestrel keeps %2F encoded; Consul sees a real "/").</summary>
    private static string DecodedPath(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            raw = raw[..q];
        }

        if (raw.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            raw = new Uri(raw).AbsolutePath;
        }

        try
        {
            return Uri.UnescapeDataString(raw);
        }
        catch (UriFormatException)
        {
            return http.Request.Path.Value ?? "/";
        }
    }

    private static string CleanDoubleSlashes(string path)
    {
        while (path.Contains("//", StringComparison.Ordinal))
        {
            path = path.Replace("//", "/", StringComparison.Ordinal);
        }

        return path;
    }

    private static ConsulReply Redirect(HttpContext http, string location)
    {
        var target = location + http.Request.QueryString.Value;
        return new ConsulReply(301, "text/html; charset=utf-8", System.Text.Encoding.UTF8.GetBytes($"<a href=\"{target}\">Moved Permanently</a>.\n\n"))
        {
            Headers = [new("Location", target)],
        };
    }

    private static bool AcceptsGzip(HttpRequest request)
        => request.Headers.AcceptEncoding.Any(v => v is not null && v.Contains("gzip", StringComparison.OrdinalIgnoreCase));

    private static byte[] Gzip(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(body);
        }

        return output.ToArray();
    }

    private static async Task WriteAsync(HttpContext http, ConsulReply reply)
    {
        var response = http.Response;
        response.StatusCode = reply.Status;
        var headers = response.Headers;
        if (reply.Index is { } index)
        {
            headers["X-Consul-Index"] = Math.Max(index, 1).ToString(CultureInfo.InvariantCulture);
            headers["X-Consul-Knownleader"] = "true";
            headers["X-Consul-Lastcontact"] = "0";
            var consistency = http.Request.Query.ContainsKey("stale") ? "stale" : http.Request.Query.ContainsKey("consistent") ? "consistent" : "leader";
            headers["X-Consul-Effective-Consistency"] = consistency;
        }

        if (reply.QueryBackend)
        {
            headers["X-Consul-Query-Backend"] = "blocking-query";
        }

        if (reply.ContentHash is { } hash)
        {
            headers["X-Consul-Contenthash"] = hash;
        }

        foreach (var (name, value) in reply.Headers)
        {
            headers[name] = value;
        }

        if (reply.ContentType is { } type)
        {
            response.ContentType = type;
        }

        var body = reply.Body;
        headers.Vary = "Accept-Encoding";
        if (body.Length >= GzipMinSize && AcceptsGzip(http.Request))
        {
            body = Gzip(body);
            headers.ContentEncoding = "gzip";
        }

        response.ContentLength = body.Length;
        if (body.Length > 0 && !HttpMethods.IsHead(http.Request.Method))
        {
            await response.Body.WriteAsync(body, http.RequestAborted);
        }
    }
}
