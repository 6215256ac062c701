using System.Globalization;

namespace VmMesh.PolicyServer.Http;

/// <summary>Times in messages: RFC 3339 UTC with a trailing Z, e.g. <c>2026-11-26T10:48:49Z</c>.</summary>
internal static class TimeText
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
