using System.Globalization;
using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Explanation;
using VmMesh.Policy.Model;
using VmMesh.Policy.Validation;
using VmMesh.PolicyServer.Client.Intentions;
using VmMesh.PolicyServer.Client.Json;
using VmMesh.PolicyServer.Http;
using VmMesh.PolicyServer.State;

namespace VmMesh.PolicyServer.Intentions;

/// <summary>Intentions CRUD (admin), check (admin) and the signed bundle (anyone).</summary>
internal static class IntentionEndpoints
{
    private static readonly string[] CheckFields = ["source", "destination", "method", "path", "headers"];

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/intentions", (HttpContext context, AdminAuthenticator admin, StateCache cache) =>
        {
            admin.Require(context);
            var set = cache.Intentions;
            return Results.Json(new IntentionListResponse(set.Version, set.Defaults.DefaultAction, set.Documents), PolicyServerJson.Strict.IntentionListResponse);
        });
        routes.MapGet("/v1/intentions/bundle", Bundle);
        routes.MapPost("/v1/intentions/check", CheckAsync);
        routes.MapGet("/v1/intentions/{destination}", (string destination, HttpContext context, AdminAuthenticator admin, StateCache cache) =>
        {
            admin.Require(context);
            CheckDestination(destination);
            var set = cache.Intentions;
            var document = set.GetDocument(destination) ?? throw ApiException.NotFound(IntentionService.NotFoundMessage(destination));
            return Results.Json(new IntentionResponse(new IntentionVersion(cache.DocumentVersions.GetValueOrDefault(destination)), document), PolicyServerJson.Strict.IntentionResponse);
        });
        routes.MapPut("/v1/intentions/{destination}", PutAsync);
        routes.MapDelete("/v1/intentions/{destination}", async (string destination, HttpContext context, AdminAuthenticator admin, IntentionService intentions) =>
        {
            admin.Require(context);
            CheckDestination(destination);
            var version = await intentions.WriteAsync(destination, null, ReadCas(context), context.RequestAborted);
            return Results.Json(new VersionResponse(new IntentionVersion(version)), PolicyServerJson.Strict.VersionResponse);
        });
    }

    private static async Task<IResult> PutAsync(string destination, HttpContext context, AdminAuthenticator admin, IntentionService intentions)
    {
        admin.Require(context);
        CheckDestination(destination);
        var cas = ReadCas(context);
        var parsed = IntentionDocumentParser.Parse(await StrictJsonBody.ReadBytesAsync(context));
        if (!parsed.IsValid)
        {
            throw ApiException.BadRequest(string.Join("; ", parsed.Errors));
        }

        var document = parsed.Value!;
        if (document.Destination != destination)
        {
            throw ApiException.BadRequest($"intentions document: destination \"{document.Destination}\" does not match \"{destination}\" in the path; make them equal");
        }

        var version = await intentions.WriteAsync(destination, document, cas, context.RequestAborted);
        return Results.Json(new VersionResponse(new IntentionVersion(version)), PolicyServerJson.Strict.VersionResponse);
    }

    private static async Task<IResult> CheckAsync(HttpContext context, AdminAuthenticator admin, StateCache cache)
    {
        admin.Require(context);
        using var body = await StrictJsonBody.ReadAsync(context, "check request", CheckFields);
        var source = body.GetString("source");
        var destination = body.GetString("destination");
        var errors = new List<string>();
        if (!IntentionNames.IsServiceName(source))
        {
            errors.Add($"check request: source {(source is null ? "is missing" : $"\"{source}\" is not a service name")}; use 1-63 lower-case letters, digits and '-'");
        }

        if (!IntentionNames.IsServiceName(destination))
        {
            errors.Add($"check request: destination {(destination is null ? "is missing" : $"\"{destination}\" is not a service name")}; use 1-63 lower-case letters, digits and '-'");
        }

        var method = body.GetString("method");
        var path = body.GetString("path");
        var headers = body.GetStringMap("headers");
        if (errors.Count > 0)
        {
            throw ApiException.BadRequest(string.Join("; ", errors));
        }

        var set = cache.Intentions;
        var request = new IntentionRequest(source!, destination!, method, path, headers is null ? null : IntentionHeaders.From(headers));
        var decision = set.Evaluate(request);
        return Results.Json(new CheckResponse(decision.Allowed, decision.Reason, decision.DecidingRule, IntentionExplainer.Explain(set, request, decision)), PolicyServerJson.Strict.CheckResponse);
    }

    private static IResult Bundle(HttpContext context, ShardSigner shards)
    {
        if (context.Request.Query.TryGetValue("destination", out var destinationValue))
        {
            var destination = destinationValue.ToString();
            CheckDestination(destination);
            var (version, jws) = shards.For(destination);
            return Results.Json(new ShardResponse(destination, new IntentionVersion(version), jws), PolicyServerJson.Strict.ShardResponse);
        }

        var all = shards.Current();
        return Results.Json(new BundleResponse(new IntentionVersion(all.Version), all.Shards), PolicyServerJson.Strict.BundleResponse);
    }

    private static void CheckDestination(string destination)
    {
        if (!IntentionNames.IsServiceNameOrWildcard(destination))
        {
            throw ApiException.BadRequest($"destination \"{destination}\" is not a service name; {IntentionNames.Rule}");
        }
    }

    private static long? ReadCas(HttpContext context)
    {
        if (!context.Request.Query.TryGetValue("cas", out var text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var cas)
            ? cas
            : throw ApiException.BadRequest($"cas \"{text}\" is not a version number; pass the version from GET /v1/intentions");
    }
}
