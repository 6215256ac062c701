using System.Globalization;
using System.Net;
using System.Text;

namespace VmMesh.Consul.Tests.Support;

/// <summary>Builds responses the way Consul sends them (plain-text errors, X-Consul-* headers).</summary>
public static class Replies
{
    public static HttpResponseMessage Json(string json, ulong? index = null, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (index is { } value)
        {
            response.Headers.TryAddWithoutValidation("X-Consul-Index", value.ToString(CultureInfo.InvariantCulture));
            response.Headers.TryAddWithoutValidation("X-Consul-Knownleader", "true");
            response.Headers.TryAddWithoutValidation("X-Consul-Lastcontact", "0");
        }

        return response;
    }

    public static HttpResponseMessage Text(HttpStatusCode status, string body, ulong? index = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
        if (index is { } value)
        {
            response.Headers.TryAddWithoutValidation("X-Consul-Index", value.ToString(CultureInfo.InvariantCulture));
        }

        return response;
    }

    public static HttpResponseMessage Empty(HttpStatusCode status = HttpStatusCode.OK) => new(status) { Content = new ByteArrayContent([]) };

    public static HttpResponseMessage True() => Json("true");

    public static HttpResponseMessage False() => Json("false");

    /// <summary>Never answers; completes only when the request is cancelled.</summary>
    public static async Task<HttpResponseMessage> HangAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }
}
