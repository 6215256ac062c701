using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Validation;
using VmMesh.PolicyServer.Client.Trust;

namespace VmMesh.Sidecar.Identity;

/// <summary>
/// <c>policyServer.caFingerprint</c>: trust on first contact, pinned. Fetches <c>/v1/ca/roots?pem</c> while accepting any
/// server certificate, then accepts the answer only if one root has the pinned fingerprint and the certificate the
/// server presented chains to that pinned root (cross-signed links allowed) and carries the policy server's SPIFFE
/// ID. Only then are the other roots in the answer believed.
/// </summary>
internal static class PinnedTrust
{
    public static async Task<PolicyServerTrust> FetchAsync(Uri address, string fingerprint, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        X509Certificate2? presented = null;
        using var handler = new SocketsHttpHandler { UseProxy = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            presented = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return certificate is not null;
        };
        using var http = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        string pem;
        try
        {
            pem = await http.GetStringAsync(new Uri("v1/ca/roots?pem", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new IdentityUnavailableException($"Cannot fetch the trust bundle from {address} to check policyServer.caFingerprint ({ex.Message}); start the policy server or set policyServer.caFile", ex);
        }

        using (presented)
        {
            PolicyServerTrust fetched;
            try
            {
                fetched = PolicyServerTrust.FromPem(pem);
            }
            catch (FormatException ex)
            {
                throw new IdentityUnavailableException($"The roots from {address} are not a VmMesh trust bundle: {ex.Message}", ex);
            }

            var pinned = fetched.Bundle.Roots.FirstOrDefault(r => CertificateFingerprint.Matches(fingerprint, r))
                ?? throw new IdentityUnavailableException($"None of the roots from {address} ({string.Join(", ", fetched.Bundle.RootIds)}) has policyServer.caFingerprint {fingerprint}; check the fingerprint with the operator, this may not be your policy server");
            var pinnedOnly = TrustBundle.Create(fetched.Bundle.TrustDomain, [pinned], intermediates: fetched.Bundle.Intermediates);
            var check = new LeafValidator(timeProvider).Validate(pinnedOnly, presented, null, PeerRole.Server, fetched.PolicyServerId);
            return check.IsValid
                ? fetched
                : throw new IdentityUnavailableException($"The server at {address} is not vouched for by the pinned root: {check.Message}");
        }
    }
}
