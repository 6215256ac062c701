// Liveness and readiness for load balancers and systemd: ready once a CA is loaded, this replica's own
// certificates are issued and Consul answers.
using VmMesh.Consul;
using VmMesh.PolicyServer.Client.Health;
using VmMesh.PolicyServer.Client.Json;
using VmMesh.PolicyServer.Hosting;
using VmMesh.PolicyServer.Leadership;
using VmMesh.PolicyServer.State;

namespace VmMesh.PolicyServer.Health;

/// <summary><c>GET /v1/health</c>: 200 when ready, 503 with the same shape otherwise.</summary>
internal static class HealthEndpoints
{
    private static readonly TimeSpan ConsulProbeTimeout = TimeSpan.FromSeconds(2);

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/health", async (HttpContext context, StateCache cache, LeaderService leader, ConsulClient consul, ReplicaIdentity replica) =>
        {
            var consulOk = await ProbeConsulAsync(consul, context.RequestAborted);
            var ready = consulOk && cache.Ca is not null;
            var body = new HealthResponse(ready ? "ok" : "unavailable", ready, leader.IsLeader, replica.Id, consulOk ? "ok" : "unreachable");
            return Results.Json(body, PolicyServerJson.Strict.HealthResponse, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

    private static async Task<bool> ProbeConsulAsync(ConsulClient consul, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConsulProbeTimeout);
        try
        {
            await consul.Status.LeaderAsync(timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is ConsulException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
