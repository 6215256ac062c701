using VmMesh.Consul.Json;
using VmMesh.PolicyServer.Audit;
using VmMesh.PolicyServer.Client.Ca;
using VmMesh.PolicyServer.Client.Json;
using VmMesh.PolicyServer.Http;
using VmMesh.PolicyServer.State;

namespace VmMesh.PolicyServer.Ca;

/// <summary><c>GET /v1/ca/roots</c> (long-poll with <c>?index</c>, PEM with <c>?pem</c>), <c>POST /v1/ca/sign</c>, <c>POST /v1/ca/rotate</c>.</summary>
internal static class CaEndpoints
{
    public const string IndexHeader = "X-VmMesh-Index";

    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/ca/roots", RootsAsync);
        routes.MapPost("/v1/ca/sign", async (HttpContext context, SignService sign) => Results.Json(await sign.SignAsync(context), PolicyServerJson.Strict.SignResponse));
        routes.MapPost("/v1/ca/rotate", async (HttpContext context, AdminAuthenticator admin, RootRotation rotation) =>
        {
            admin.Require(context);
            var snapshot = await rotation.RotateAsync(AuditRecorder.AdminActor, context.RequestAborted);
            context.Response.Headers[IndexHeader] = snapshot.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(ToResponse(snapshot), PolicyServerJson.Strict.RootsResponse);
        });
    }

    public static RootsResponse ToResponse(CaSnapshot snapshot)
    {
        var roots = snapshot.State.Roots
            .Select(r => r.Root)
            .OrderBy(r => r.CreatedAt)
            .Select(r =>
            {
                using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(r.CertificatePem);
                return new RootInfo(
                    r.Id,
                    r.CertificatePem + "\n",
                    new DateTimeOffset(certificate.NotBefore.ToUniversalTime()),
                    new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
                    r.Id == snapshot.Bundle.ActiveRootId,
                    r.CrossSignedPem is null ? null : r.CrossSignedPem + "\n");
            })
            .ToList();
        return new RootsResponse(snapshot.Bundle.TrustDomain.Name, snapshot.Bundle.ActiveRootId, snapshot.Revision, roots);
    }

    private static async Task<IResult> RootsAsync(HttpContext context, StateCache cache, TimeProvider timeProvider)
    {
        var query = context.Request.Query;
        var snapshot = cache.RequireCa();
        if (query.TryGetValue("index", out var indexText))
        {
            if (!long.TryParse(indexText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                throw ApiException.BadRequest($"index \"{indexText}\" is not a whole number; pass the X-VmMesh-Index of the last response");
            }

            var wait = DefaultWait;
            if (query.TryGetValue("wait", out var waitText) && (!GoDuration.TryParse(waitText, out wait) || wait < TimeSpan.Zero))
            {
                throw ApiException.BadRequest($"wait \"{waitText}\" is not a duration; use e.g. \"30s\" or \"5m\"");
            }

            wait = wait > MaxWait ? MaxWait : wait;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            var deadline = Task.Delay(wait, timeProvider, timeout.Token);
            while (snapshot.Revision == index && !deadline.IsCompleted)
            {
                var changed = cache.CaChanged.Next;
                snapshot = cache.RequireCa();
                if (snapshot.Revision != index)
                {
                    break;
                }

                await Task.WhenAny(changed, deadline).WaitAsync(context.RequestAborted);
                snapshot = cache.RequireCa();
            }

            await timeout.CancelAsync();
        }

        context.Response.Headers[IndexHeader] = snapshot.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return query.ContainsKey("pem")
            ? Results.Text(snapshot.BundlePem, "application/x-pem-file")
            : Results.Json(ToResponse(snapshot), PolicyServerJson.Strict.RootsResponse);
    }
}
