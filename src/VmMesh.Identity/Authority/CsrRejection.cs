namespace VmMesh.Identity.Authority;

/// <summary>Why the CA refused a certificate signing request; stable codes for the policy server's error responses.</summary>
public enum CsrRejection
{
    /// <summary>No PEM block labelled CERTIFICATE REQUEST, or its base64 does not decode.</summary>
    InvalidPem,

    /// <summary>The DER is not a PKCS#10 certification request.</summary>
    Malformed,

    /// <summary>The CSR's self-signature does not verify, so nobody proved possession of the key.</summary>
    BadSignature,

    /// <summary>The key is not ECDSA (e.g. RSA).</summary>
    UnsupportedKeyAlgorithm,

    /// <summary>The key is ECDSA on a curve other than P-256.</summary>
    UnsupportedCurve,

    /// <summary>The identity to certify is not in this CA's trust domain.</summary>
    WrongTrustDomain,

    /// <summary>The requested lifetime is outside the allowed range.</summary>
    InvalidLifetime,

    /// <summary>The CA's own certificate is not valid now.</summary>
    IssuerNotValid,
}
