// The mesh CA. RootCertificateFactory makes a self-signed root; CertificateAuthority holds one root
// (certificate + key) and issues leaves from CSRs and cross-signs the next root during rotation;
// TrustBundle is the immutable set of roots (plus cross-signed certificates) that validators trust.
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;

namespace VmMesh.Identity.Authority;

/// <summary>
/// Creates a mesh root: ECDSA P-256, CA:true (critical, path length 1 so a cross-signed successor root can sit
/// between an old root and leaves), keyCertSign|cRLSign (critical), SKI, and the URI SAN <c>spiffe://&lt;td&gt;</c>
/// that SPIFFE gives signing certificates. NotBefore is back-dated one minute for clock skew.
/// </summary>
public static class RootCertificateFactory
{
    /// <summary>Path length 1: leaf under a root, or leaf under a cross-signed root under the previous root.</summary>
    public const int PathLength = 1;

    /// <summary>Returns the root certificate with its private key attached; the caller owns and disposes it.</summary>
    public static X509Certificate2 Create(
        TrustDomain trustDomain,
        TimeProvider timeProvider,
        Random random,
        CertificateLifetimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trustDomain);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(random);
        options ??= CertificateLifetimeOptions.Default;
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = TruncateToSeconds(timeProvider.GetUtcNow());
        var serial = SerialNumbers.Next(random);

        // Every root gets its own name, so chain building and operators can tell the old and new root apart.
        var name = new X500DistinguishedNameBuilder();
        name.AddOrganizationName("VmMesh");
        name.AddCommonName($"VmMesh Root CA {Convert.ToHexStringLower(serial.AsSpan(0, 4))}");
        var subject = name.Build();

        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority(PathLength));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        var subjectKeyId = new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false);
        request.CertificateExtensions.Add(subjectKeyId);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyId));
        // Encoded directly: System.Uri would turn spiffe://td into spiffe://td/ (a path, which SPIFFE forbids for CAs).
        request.CertificateExtensions.Add(SubjectAlternativeNames.Encode(trustDomain.IdString, [], [], critical: false));

        using var unkeyed = request.Create(
            subject,
            X509SignatureGenerator.CreateForECDsa(key),
            now - CertificateLifetimeOptions.Backdate,
            now + options.RootLifetime,
            serial);
        return unkeyed.CopyWithPrivateKey(key);
    }

    internal static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
