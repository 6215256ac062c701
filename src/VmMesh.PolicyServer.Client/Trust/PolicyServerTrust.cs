// How the client decides to trust the policy server: only the mesh roots from the trust bundle (ca.pem), never the
// system store and never "accept anything". The bundle's trust domain is read from the roots themselves (their
// spiffe://<td> URI SAN), so an operator needs only the PEM file.
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Spiffe;

namespace VmMesh.PolicyServer.Client.Trust;

/// <summary>A trust bundle read from PEM, with the policy server's expected SPIFFE ID in its trust domain.</summary>
public sealed class PolicyServerTrust
{
    private const string SubjectAlternativeNameOid = "2.5.29.17";
    private const string SpiffePrefix = "spiffe://";
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    private PolicyServerTrust(TrustBundle bundle)
    {
        Bundle = bundle;
        PolicyServerId = SpiffeId.PolicyServer(bundle.TrustDomain);
    }

    public TrustBundle Bundle { get; }

    /// <summary><c>spiffe://&lt;td&gt;/vmmesh/policy-server</c>.</summary>
    public SpiffeId PolicyServerId { get; }

    public static PolicyServerTrust FromBundle(TrustBundle bundle) => new(bundle ?? throw new ArgumentNullException(nameof(bundle)));

    /// <summary>Reads concatenated CERTIFICATE blocks (what <c>ca.pem</c> and <c>GET /v1/ca/roots?pem</c> hold).</summary>
    /// <exception cref="FormatException">The PEM holds no certificate, a certificate that does not parse, or roots without a trust domain.</exception>
    public static PolicyServerTrust FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new FormatException($"it holds a certificate that does not parse ({ex.Message})", ex);
        }

        if (certificates.Count == 0)
        {
            throw new FormatException("it holds no CERTIFICATE blocks");
        }

        var roots = certificates.Where(IsSelfIssued).ToList();
        var trustDomain = roots.Select(ReadTrustDomain).FirstOrDefault(td => td is not null)
            ?? throw new FormatException("none of its root certificates carries a spiffe://<trust-domain> URI SAN, so it is not a VmMesh trust bundle");
        try
        {
            return new PolicyServerTrust(TrustBundle.Create(trustDomain, roots, activeRootId: null, certificates.Where(c => !IsSelfIssued(c))));
        }
        catch (ArgumentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    private static bool IsSelfIssued(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    private static TrustDomain? ReadTrustDomain(X509Certificate2 root)
    {
        var extension = root.Extensions[SubjectAlternativeNameOid];
        if (extension is null)
        {
            return null;
        }

        try
        {
            var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                if (names.PeekTag().HasSameClassAndValue(UriTag))
                {
                    var uri = names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag);
                    if (uri.StartsWith(SpiffePrefix, StringComparison.Ordinal)
                        && TrustDomain.TryParse(uri[SpiffePrefix.Length..], out var trustDomain))
                    {
                        return trustDomain;
                    }
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            // A malformed SAN is not a VmMesh root; TrustBundle.Create reports it if another root names the domain.
        }

        return null;
    }
}
