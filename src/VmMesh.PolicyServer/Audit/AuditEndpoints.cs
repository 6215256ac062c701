using System.Globalization;
using VmMesh.PolicyServer.Client.Json;
using VmMesh.PolicyServer.Http;

namespace VmMesh.PolicyServer.Audit;

/// <summary><c>GET /v1/audit[?since=RFC3339&amp;limit=N]</c> (admin): entries oldest first.</summary>
internal static class AuditEndpoints
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10000;

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/audit", async (HttpContext context, AdminAuthenticator admin, AuditRecorder audit) =>
        {
            admin.Require(context);
            var query = context.Request.Query;
            DateTimeOffset? since = null;
            if (query.TryGetValue("since", out var sinceText))
            {
                since = DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                    ? parsed
                    : throw ApiException.BadRequest($"since \"{sinceText}\" is not an RFC 3339 time; use e.g. 2026-01-02T15:04:05Z");
            }

            var limit = DefaultLimit;
            if (query.TryGetValue("limit", out var limitText)
                && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
            {
                throw ApiException.BadRequest($"limit \"{limitText}\" is not a number from 1 to {MaxLimit}; pass e.g. limit=100");
            }

            return Results.Json(await audit.ReadAsync(since, limit, context.RequestAborted), PolicyServerJson.Strict.IReadOnlyListAuditEntry);
        });
}
