// Liveness and readiness of one policy-server replica.
namespace VmMesh.PolicyServer.Client.Health;

/// <summary>Answer to <c>GET /v1/health</c> (200 when ready, 503 with the same shape when not).</summary>
/// <param name="Status"><c>ok</c>, or a short word for what is wrong.</param>
/// <param name="Ready">True when the replica can serve every call.</param>
/// <param name="Leader">True when this replica holds the leader lock.</param>
/// <param name="ReplicaId">This replica's id.</param>
/// <param name="Consul"><c>ok</c>, or what is wrong with Consul.</param>
public sealed record HealthResponse(string Status, bool Ready, bool Leader, string ReplicaId, string Consul);
