namespace VmMesh.PolicyServer.Client.Ca;

/// <summary>Answer to <c>GET /v1/ca/roots</c> and <c>POST /v1/ca/rotate</c>: the trust bundle as data.</summary>
/// <param name="TrustDomain">The mesh trust domain, e.g. <c>vmmesh.local</c>.</param>
/// <param name="ActiveRootId">The root that signs new leaves (<c>sha256:&lt;hex of DER&gt;</c>).</param>
/// <param name="Index">Rises on every change of the roots; pass it back as <c>?index=</c> to long-poll.</param>
/// <param name="Roots">Every root a validator must trust, the active one included.</param>
public sealed record RootsResponse(string TrustDomain, string ActiveRootId, long Index, IReadOnlyList<RootInfo> Roots);
