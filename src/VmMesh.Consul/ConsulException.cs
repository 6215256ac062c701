using System.Globalization;
using System.Net;

namespace VmMesh.Consul;

/// <summary>
/// Consul answered with a status the call does not expect. Carries the status code and the trimmed plain-text body
/// separately (match bodies by substring: servers reached through client agents add prefixes); the message follows
/// the Go client: <c>Unexpected response code: 404 (Unknown check ID "x". …)</c>.
/// </summary>
public class ConsulException : Exception
{
    public ConsulException(HttpStatusCode statusCode, string body)
        : base(FormatMessage(statusCode, body))
    {
        StatusCode = statusCode;
        Body = body;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The response body, trimmed; empty when Consul sent none.</summary>
    public string Body { get; }

    /// <summary>True when Consul answered 403 (see <see cref="ConsulPermissionDeniedException"/>).</summary>
    public bool IsPermissionDenied => StatusCode == HttpStatusCode.Forbidden;

    /// <summary>True when the body mentions <paramref name="fragment"/> (ordinal, case-insensitive).</summary>
    public bool BodyContains(string fragment) => Body.Contains(fragment, StringComparison.OrdinalIgnoreCase);

    internal static string FormatMessage(HttpStatusCode statusCode, string body)
        => string.Create(CultureInfo.InvariantCulture, $"Unexpected response code: {(int)statusCode} ({body})");
}
