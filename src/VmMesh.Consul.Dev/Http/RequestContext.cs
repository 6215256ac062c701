// One request as the handlers see it: the decoded path parameter, presence-based query flags,
// the parsed blocking options and a size-limited body reader.
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace VmMesh.Consul.Dev.Http;

internal sealed class RequestContext
{
    public RequestContext(HttpContext http, string parameter, QueryOptions query)
    {
        Http = http;
        Parameter = parameter;
        Query = query;
    }

    public HttpContext Http { get; }

    /// <summary>The part of the path after a prefix route (percent-decoded), e.g. the KV key.</summary>
    public string Parameter { get; }

    public QueryOptions Query { get; }

    public bool Pretty => Has("pretty");

    public CancellationToken Aborted => Http.RequestAborted;

    public bool Has(string name) => Http.Request.Query.ContainsKey(name);

    public string? Get(string name)
    {
        var values = Http.Request.Query[name];
        return values.Count == 0 ? null : values[0];
    }

    public StringValues GetAll(string name) => Http.Request.Query[name];

    /// <summary>Reads the body; more than <paramref name="limit"/> bytes gives null and the real length.</summary>
    public async Task<(byte[]? Body, long Length)> ReadBodyAsync(int limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        long total = 0;
        while (true)
        {
            var read = await Http.Request.Body.ReadAsync(chunk, Aborted);
            if (read == 0)
            {
                break;
            }

            total += read;
            if (total <= limit)
            {
                buffer.Write(chunk, 0, read);
            }
        }

        return total > limit ? (null, total) : (buffer.ToArray(), total);
    }

    /// <summary>Reads a JSON body for the strict decoder (bodies above 32 MiB are refused like Kestrel does).</summary>
    public async Task<byte[]> ReadJsonBodyAsync()
    {
        var (body, length) = await ReadBodyAsync(32 * 1024 * 1024);
        return body ?? throw new ConsulHttpError(413, $"Request body({length} bytes) too large");
    }
}
