using System.Security.Cryptography;
using System.Text;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;

namespace VmMesh.Identity.Authority;

/// <summary>
/// One signing root: issues SPIFFE X.509-SVID leaves from CSRs and cross-signs a successor root. The leaf is built
/// from the authenticated identity alone (exactly one URI SAN), CA:false and digitalSignature|keyAgreement (both critical),
/// EKU serverAuth+clientAuth, SKI/AKI, a random positive 128-bit serial, NotBefore = now - 1 min and
/// NotAfter = now + lifetime clamped to the issuer's NotAfter. Thread-safe.
/// </summary>
public sealed class CertificateAuthority : ICertificateIssuer, IDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly ECDsa _key;
    private readonly TimeProvider _timeProvider;
    private readonly Random _random;
    private readonly CertificateLifetimeOptions _options;
    private readonly X509AuthorityKeyIdentifierExtension _authorityKeyId;
    private readonly DateTimeOffset _issuerNotBefore;
    private readonly DateTimeOffset _issuerNotAfter;
    private readonly Lock _signing = new();

    /// <param name="signingCertificate">The root with its private key (ECDSA P-256). The CA copies what it needs.</param>
    /// <param name="random">Serial number source; pass <see cref="CryptoRandom.Instance"/> in production, a seeded one in tests.</param>
    public CertificateAuthority(
        X509Certificate2 signingCertificate,
        TimeProvider timeProvider,
        Random random,
        CertificateLifetimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(signingCertificate);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(random);
        _options = options ?? CertificateLifetimeOptions.Default;
        var errors = _options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        if (!CertificateFacts.IsCertificateAuthority(signingCertificate))
        {
            throw new ArgumentException($"Certificate '{signingCertificate.Subject}' is not a CA certificate (BasicConstraints CA:true); pass a root made by RootCertificateFactory", nameof(signingCertificate));
        }

        TrustDomain = CertificateFacts.ReadCaTrustDomain(signingCertificate, out var trustDomainError)
            ?? throw new ArgumentException(trustDomainError, nameof(signingCertificate));
        _key = signingCertificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException($"Certificate '{signingCertificate.Subject}' has no ECDSA private key; load the CA certificate together with its key", nameof(signingCertificate));
        _certificate = X509CertificateLoader.LoadCertificate(signingCertificate.RawDataMemory.Span);
        _timeProvider = timeProvider;
        _random = random;
        _authorityKeyId = X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false);
        _issuerNotBefore = new DateTimeOffset(_certificate.NotBefore).ToUniversalTime();
        _issuerNotAfter = new DateTimeOffset(_certificate.NotAfter).ToUniversalTime();
    }

    public TrustDomain TrustDomain { get; }

    /// <summary>The issuing root without its key; owned by this CA (do not dispose it).</summary>
    public X509Certificate2 IssuerCertificate => _certificate;

    /// <summary>The issuing root's ID in trust bundles.</summary>
    public string RootId => CertificateFingerprint.Of(_certificate);

    public X509Certificate2 Issue(LeafRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Identity);
        if (!TrustDomain.Contains(request.Identity))
        {
            throw new CsrRejectedException(CsrRejection.WrongTrustDomain, $"Identity '{request.Identity}' is not in trust domain '{TrustDomain}'; this CA signs only spiffe://{TrustDomain}/... identities");
        }

        var lifetime = request.Lifetime ?? _options.LeafLifetime;
        var lifetimeError = CertificateLifetimeOptions.ValidateLeafLifetime(lifetime, "lifetime");
        if (lifetimeError is not null)
        {
            throw new CsrRejectedException(CsrRejection.InvalidLifetime, lifetimeError);
        }

        var publicKey = SigningRequestReader.ReadPublicKey(request.CsrPem);
        var (notBefore, notAfter) = Validity(lifetime);

        var request509 = new CertificateRequest(LeafSubject(request.Identity), publicKey, HashAlgorithmName.SHA256);
        request509.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request509.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, critical: true));
        request509.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(X509Oids.ServerAuth), new Oid(X509Oids.ClientAuth)], critical: false));
        request509.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, critical: false));
        request509.CertificateExtensions.Add(_authorityKeyId);
        request509.CertificateExtensions.Add(BuildSubjectAlternativeName(request));

        lock (_signing)
        {
            return request509.Create(_certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), notBefore, notAfter, SerialNumbers.Next(_random));
        }
    }

    /// <summary>
    /// Signs <paramref name="newRoot"/>'s subject and key with this (old) root, so leaves of the new root verify for
    /// peers that still trust only the old root, given this certificate as an intermediate. Valid until the earlier
    /// of the two roots' NotAfter.
    /// </summary>
    public X509Certificate2 CrossSign(X509Certificate2 newRoot)
    {
        ArgumentNullException.ThrowIfNull(newRoot);
        if (!CertificateFacts.IsCertificateAuthority(newRoot))
        {
            throw new ArgumentException($"Certificate '{newRoot.Subject}' is not a CA certificate (BasicConstraints CA:true); only a new root can be cross-signed", nameof(newRoot));
        }

        var newTrustDomain = CertificateFacts.ReadCaTrustDomain(newRoot, out var error)
            ?? throw new ArgumentException(error, nameof(newRoot));
        if (newTrustDomain != TrustDomain)
        {
            throw new ArgumentException($"New root is for trust domain '{newTrustDomain}' but this CA is for '{TrustDomain}'; rotation keeps the trust domain", nameof(newRoot));
        }

        var request = new CertificateRequest(newRoot.SubjectName, newRoot.PublicKey, HashAlgorithmName.SHA256);
        foreach (var extension in newRoot.Extensions)
        {
            // The new root's own AKI points at itself; the cross-signed copy must point at the old root.
            if (extension.Oid?.Value != "2.5.29.35")
            {
                request.CertificateExtensions.Add(new X509Extension(extension.Oid!, extension.RawData, extension.Critical));
            }
        }

        request.CertificateExtensions.Add(_authorityKeyId);
        var now = RootCertificateFactory.TruncateToSeconds(_timeProvider.GetUtcNow());
        CheckIssuerValid(now);
        var notBefore = Max(now - CertificateLifetimeOptions.Backdate, _issuerNotBefore);
        var notAfter = Min(new DateTimeOffset(newRoot.NotAfter).ToUniversalTime(), _issuerNotAfter);
        lock (_signing)
        {
            return request.Create(_certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), notBefore, notAfter, SerialNumbers.Next(_random));
        }
    }

    public void Dispose()
    {
        _key.Dispose();
        _certificate.Dispose();
    }

    private (DateTimeOffset NotBefore, DateTimeOffset NotAfter) Validity(TimeSpan lifetime)
    {
        var now = RootCertificateFactory.TruncateToSeconds(_timeProvider.GetUtcNow());
        CheckIssuerValid(now);
        return (Max(now - CertificateLifetimeOptions.Backdate, _issuerNotBefore), Min(now + lifetime, _issuerNotAfter));
    }

    private void CheckIssuerValid(DateTimeOffset now)
    {
        if (now < _issuerNotBefore || now >= _issuerNotAfter)
        {
            throw new CsrRejectedException(CsrRejection.IssuerNotValid, $"CA certificate '{_certificate.Subject}' is valid from {_issuerNotBefore:O} to {_issuerNotAfter:O}, not at {now:O}; rotate to a new root or fix the clock");
        }
    }

    private static X500DistinguishedName LeafSubject(SpiffeId identity)
    {
        // The subject is informational (validators read only the URI SAN); a non-empty one keeps tools and
        // TLS stacks that dislike empty subjects happy, and lets the SAN stay non-critical.
        var commonName = identity.TryGetServiceName(out var service)
            ? service.Value
            : identity.Path[(identity.Path.LastIndexOf('/') + 1)..];
        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationName("VmMesh");
        builder.AddCommonName(commonName.Length > 64 ? commonName[..64] : commonName);
        return builder.Build();
    }

    private static X509Extension BuildSubjectAlternativeName(LeafRequest request)
    {
        foreach (var dns in request.DnsNames)
        {
            if (string.IsNullOrEmpty(dns) || !Ascii.IsValid(dns))
            {
                throw new ArgumentException($"DNS name '{dns}' is empty or not ASCII; pass the A-label (punycode) form", nameof(request));
            }
        }

        // Encoded directly rather than through System.Uri, which may re-escape or normalise the ID.
        return SubjectAlternativeNames.Encode(request.Identity.ToString(), request.DnsNames, request.IpAddresses, critical: false);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
