using System.Net;

namespace VmMesh.Consul.Tests.Support;

/// <summary>What the fake handler saw: method, URI, headers and body of one request.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string PathAndQuery => Uri.PathAndQuery;

    public string Path => Uri.AbsolutePath;

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? Query(string name)
    {
        var query = Uri.Query.TrimStart('?');
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split('=', 2);
            if (WebUtility.UrlDecode(pieces[0]) == name)
            {
                return pieces.Length == 2 ? Uri.UnescapeDataString(pieces[1]) : string.Empty;
            }
        }

        return null;
    }
}
