using System.Net;

namespace VmMesh.Consul.Http;

/// <summary>
/// Which failures are worth retrying: network errors, timeouts, 429 and 5xx — except 500s whose body says the request
/// itself is wrong (Consul uses 500 for many validation errors, §1.7), and 501.
/// </summary>
internal static class TransientFailures
{
    private static readonly string[] PermanentServerErrors =
    [
        "does not have associated TTL",
        "invalid session",
        "Failed to create boolean expression evaluator",
        "Invalid Session TTL",
        "Invalid Behavior setting",
        "No path to datacenter",
        "Missing node registration",
        "strconv.",
    ];

    public static bool IsTransient(ConsulResponse response)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return true;
        }

        if (status < 500 || response.StatusCode == HttpStatusCode.NotImplemented)
        {
            return false;
        }

        if (response.StatusCode != HttpStatusCode.InternalServerError)
        {
            return true;
        }

        var body = response.TrimmedText;
        return !PermanentServerErrors.Any(fragment => body.Contains(fragment, StringComparison.OrdinalIgnoreCase));
    }

    public static bool IsTransient(Exception exception)
        => exception is HttpRequestException or TimeoutException or IOException;
}
