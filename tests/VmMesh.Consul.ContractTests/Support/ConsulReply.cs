using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace VmMesh.Consul.ContractTests.Support;

/// <summary>
/// One fully read HTTP response from Consul: status, body and headers, so a test can assert on all of them
/// after the connection has been released.
/// </summary>
public sealed class ConsulReply
{
    private readonly HttpResponseHeaders _headers;
    private readonly HttpContentHeaders _contentHeaders;

    internal ConsulReply(HttpStatusCode status, byte[] bodyBytes, HttpResponseHeaders headers, HttpContentHeaders contentHeaders)
    {
        Status = status;
        BodyBytes = bodyBytes;
        _headers = headers;
        _contentHeaders = contentHeaders;
    }

    public HttpStatusCode Status { get; }

    public byte[] BodyBytes { get; }

    public string Body => Encoding.UTF8.GetString(BodyBytes);

    public string? MediaType => _contentHeaders.ContentType?.MediaType;

    public long? ContentLength => _contentHeaders.ContentLength;

    /// <summary>The parsed JSON body; fails the test with the raw body when it is not JSON.</summary>
    public JsonElement Json
    {
        get
        {
            try
            {
                using var document = JsonDocument.Parse(BodyBytes);
                return document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new Xunit.Sdk.XunitException($"Expected a JSON body but got {(int)Status}: '{Body}' ({e.Message})");
            }
        }
    }

    /// <summary>X-Consul-Index as a number; fails the test when absent or not a uint64.</summary>
    public ulong Index
    {
        get
        {
            var raw = Header("X-Consul-Index");
            Assert.True(raw is not null, $"Expected an X-Consul-Index header on a {(int)Status} reply with body '{Body}'");
            Assert.True(ulong.TryParse(raw, out var index), $"X-Consul-Index '{raw}' is not a uint64");
            return index;
        }
    }

    /// <summary>A header's value (all values joined by a comma), from response or content headers; null when absent.</summary>
    public string? Header(string name)
    {
        if (_headers.TryGetValues(name, out var values) || _contentHeaders.TryGetValues(name, out values))
        {
            return string.Join(",", values);
        }

        return null;
    }

    public override string ToString() => $"{(int)Status} {Body}";
}
