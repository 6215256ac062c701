namespace VmMesh.PolicyServer.Client.Ca;

/// <summary>One root in <see cref="RootsResponse"/>.</summary>
/// <param name="Id"><c>sha256:&lt;hex of the DER&gt;</c>.</param>
/// <param name="Pem">The self-signed root certificate.</param>
/// <param name="NotBefore">Start of validity.</param>
/// <param name="NotAfter">End of validity.</param>
/// <param name="Active">True for the root that signs new leaves.</param>
/// <param name="CrossSignedPem">This root cross-signed by its predecessor, during a rotation; otherwise null.</param>
public sealed record RootInfo(string Id, string Pem, DateTimeOffset NotBefore, DateTimeOffset NotAfter, bool Active, string? CrossSignedPem = null);
