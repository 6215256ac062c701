using VmMesh.Identity.Validation;

namespace VmMesh.Sidecar.Inbound.Tls;

/// <summary>
/// Which TLS alert a refused client certificate gets. OpenSSL picks the alert from the X509_V_ERR code the verify
/// callback leaves (ssl_x509err2alert): a chain that does not reach a bundle root is unknown_ca, an expired leaf is
/// certificate_expired, anything else about the leaf (two URI SANs, a CA flag, wrong key usage) is bad_certificate.
/// No certificate at all is OpenSSL's own certificate_required (TLS 1.3) or handshake_failure (TLS 1.2).
/// </summary>
internal static class HandshakeAlerts
{
    /// <summary>X509_V_OK.</summary>
    public const int Accepted = 0;

    /// <summary>X509_V_ERR_CERT_HAS_EXPIRED → certificate_expired.</summary>
    public const int CertificateExpired = 10;

    /// <summary>X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY → unknown_ca.</summary>
    public const int UnknownIssuer = 20;

    /// <summary>X509_V_ERR_CERT_REJECTED → bad_certificate.</summary>
    public const int CertificateRejected = 28;

    public static int ForFailure(ValidationFailure failure) => failure switch
    {
        ValidationFailure.None => Accepted,
        ValidationFailure.UntrustedChain => UnknownIssuer,
        ValidationFailure.Expired => CertificateExpired,
        _ => CertificateRejected,
    };
}
