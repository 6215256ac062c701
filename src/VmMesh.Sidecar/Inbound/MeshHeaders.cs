namespace VmMesh.Sidecar.Inbound;

/// <summary>Headers the sidecar adds to requests and responses.</summary>
internal static class MeshHeaders
{
    /// <summary>The caller's verified SPIFFE ID, set on requests to the local app; any copy a peer sends is removed.</summary>
    public const string PeerIdentity = "x-vmmesh-peer-identity";

    /// <summary>On responses the sidecar itself produced: why (<c>intention-denied</c>, <c>unknown-service</c>, …).</summary>
    public const string Error = "x-vmmesh-error";
}
