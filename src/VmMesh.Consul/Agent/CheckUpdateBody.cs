namespace VmMesh.Consul.Agent;

/// <summary>Body of <c>PUT /v1/agent/check/update/:id</c>.</summary>
internal sealed record CheckUpdateBody(string Status, string? Output);
