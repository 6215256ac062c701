namespace VmMesh.Identity.Signing;

/// <summary>Why a JWS was rejected.</summary>
public enum JwsFailure
{
    None = 0,
    TooLarge,
    Malformed,
    UnsupportedAlgorithm,
    MissingCertificateChain,
    BadSignature,
    UntrustedSigner,
    WrongSigner,
}
