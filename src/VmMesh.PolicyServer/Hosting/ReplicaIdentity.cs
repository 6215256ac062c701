namespace VmMesh.PolicyServer.Hosting;

/// <summary>This process's replica ID (random per start), reported by health and written to the leader key.</summary>
internal sealed record ReplicaIdentity(string Id);
