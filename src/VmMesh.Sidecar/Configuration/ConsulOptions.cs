namespace VmMesh.Sidecar.Configuration;

/// <summary>The Consul agent the sidecar registers with and watches; the ACL token is read from a file, never from config.</summary>
internal sealed record ConsulOptions(Uri Address, string Datacenter, string? TokenFile);
