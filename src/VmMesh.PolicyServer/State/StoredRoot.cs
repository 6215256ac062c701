namespace VmMesh.PolicyServer.State;

/// <summary>
/// A CA root in KV (<c>vmmesh/ca/roots/&lt;hex&gt;</c>): the certificate, its private key sealed with the KEK, the
/// certificate of this root cross-signed by its predecessor (after a rotation), and when it stopped signing.
/// </summary>
internal sealed record StoredRoot(
    string Id,
    string CertificatePem,
    string SealedKey,
    string? CrossSignedPem,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RetiredAt);
