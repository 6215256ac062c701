using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;

namespace VmMesh.PolicyServer.Client.Trust;

/// <summary>
/// The TLS server-certificate callback: the host name must match (as the platform checked it), and the certificate
/// must be a mesh server certificate that chains to the trust bundle only (LeafValidator, custom root trust, the
/// platform's system-root verdict ignored), optionally for exactly the expected SPIFFE ID. The last rejection's
/// reason is kept, because the handshake exception only says "rejected by the callback".
/// </summary>
internal sealed class PolicyServerCertificateValidator(PolicyServerTrust trust, SpiffeId? expectedIdentity, TimeProvider timeProvider)
{
    private readonly LeafValidator _validator = new(timeProvider);
    private volatile string? _lastFailure;

    /// <summary>Why the last certificate was rejected, or null.</summary>
    public string? LastFailure => _lastFailure;

    public bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            _lastFailure = "the server's certificate is not issued for the host name in the server URL; use a name the policy server advertises (--advertise), e.g. the one in its certificate";
            return false;
        }

        var result = _validator.ValidateTlsPeer(trust.Bundle, certificate, chain, errors, PeerRole.Server, expectedIdentity);
        if (result.IsValid)
        {
            return true;
        }

        _lastFailure = result.Message;
        return false;
    }
}
