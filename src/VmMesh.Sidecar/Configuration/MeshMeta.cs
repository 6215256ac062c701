namespace VmMesh.Sidecar.Configuration;

/// <summary>Service meta keys the sidecar itself writes into its Consul registrations.</summary>
internal static class MeshMeta
{
    public const string VersionKey = "vmmesh-version";
}
