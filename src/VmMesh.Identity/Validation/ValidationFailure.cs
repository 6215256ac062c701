namespace VmMesh.Identity.Validation;

/// <summary>Why a peer certificate was rejected; stable codes for logs, metrics and <c>x-vmmesh-error</c>.</summary>
public enum ValidationFailure
{
    None = 0,
    NoCertificate,
    Malformed,
    CertificateAuthorityAsLeaf,
    KeyUsageMissing,
    KeyUsageNotCritical,
    DigitalSignatureMissing,
    CertificateSigningKeyUsage,
    ExtendedKeyUsageMissing,
    WrongExtendedKeyUsage,
    UnsupportedKey,
    UnsupportedSignatureAlgorithm,
    NotYetValid,
    Expired,
    NoUriSan,
    MultipleUriSans,
    InvalidSpiffeId,
    WrongTrustDomain,
    UntrustedChain,
    WrongIdentity,
}
