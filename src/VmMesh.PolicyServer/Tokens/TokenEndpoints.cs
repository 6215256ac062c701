using VmMesh.Consul.Json;
using VmMesh.Identity.Spiffe;
using VmMesh.PolicyServer.Client.Json;
using VmMesh.PolicyServer.Http;

namespace VmMesh.PolicyServer.Tokens;

/// <summary><c>POST|GET /v1/tokens</c>, <c>DELETE /v1/tokens/{id}</c> (admin).</summary>
internal static class TokenEndpoints
{
    private static readonly string[] CreateFields = ["services", "ttl", "maxUses"];

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/tokens", CreateAsync);
        routes.MapGet("/v1/tokens", async (HttpContext context, AdminAuthenticator admin, JoinTokens tokens) =>
        {
            admin.Require(context);
            return Results.Json(await tokens.ListAsync(context.RequestAborted), PolicyServerJson.Strict.IReadOnlyListTokenInfo);
        });
        routes.MapDelete("/v1/tokens/{id}", async (string id, HttpContext context, AdminAuthenticator admin, JoinTokens tokens) =>
        {
            admin.Require(context);
            await tokens.RevokeAsync(id, context.RequestAborted);
            return Results.NoContent();
        });
    }

    private static async Task<IResult> CreateAsync(HttpContext context, AdminAuthenticator admin, JoinTokens tokens)
    {
        admin.Require(context);
        using var body = await StrictJsonBody.ReadAsync(context, "token request", CreateFields);
        var errors = new List<string>();
        var services = new List<ServiceName>();
        var names = body.GetStringArray("services");
        if (names is null || names.Count == 0)
        {
            errors.Add("token request: services is missing or empty; name at least one service, e.g. [\"web\"]");
        }
        else
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (ServiceName.TryParse(names[i], out var name, out var error))
                {
                    services.Add(name);
                }
                else
                {
                    errors.Add($"token request: services[{i}]: {error}");
                }
            }
        }

        var ttlText = body.GetString("ttl") ?? "24h";
        if (!GoDuration.TryParse(ttlText, out var ttl))
        {
            errors.Add($"token request: ttl \"{ttlText}\" is not a duration; use e.g. \"24h\" or \"90m\"");
        }
        else if (ttl <= TimeSpan.Zero)
        {
            errors.Add($"token request: ttl \"{ttlText}\" is not positive; use e.g. \"24h\"");
        }

        var maxUses = body.GetInt32("maxUses") ?? 1;
        if (maxUses < 1)
        {
            errors.Add($"token request: maxUses {maxUses} is below 1; a token needs at least one use");
        }

        if (errors.Count > 0)
        {
            throw ApiException.BadRequest(string.Join("; ", errors));
        }

        var created = await tokens.CreateAsync(services.Distinct().ToList(), ttl, maxUses, context.RequestAborted);
        return Results.Json(created, PolicyServerJson.Strict.TokenCreated, statusCode: StatusCodes.Status201Created);
    }
}
