using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Keys;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;

namespace VmMesh.Identity.Tests.Support;

/// <summary>
/// A test CA on a fake clock: a root, a CertificateAuthority over it, its trust bundle and a validator, plus a
/// way to craft deliberately malformed leaves signed directly with the root key.
/// </summary>
public sealed class TestPki : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public TestPki(string trustDomain = "mesh.test", CertificateLifetimeOptions? options = null, int seed = 1234, FakeTimeProvider? time = null)
    {
        Domain = TrustDomain.Parse(trustDomain);
        Time = time ?? new FakeTimeProvider(Start);
        Random = new Random(seed);
        Root = RootCertificateFactory.Create(Domain, Time, Random, options);
        Ca = new CertificateAuthority(Root, Time, Random, options);
        Bundle = TrustBundle.Create(Domain, [Root]);
        Validator = new LeafValidator(Time);
    }

    public TrustDomain Domain { get; }

    public FakeTimeProvider Time { get; }

    public Random Random { get; }

    public X509Certificate2 Root { get; }

    public CertificateAuthority Ca { get; }

    public TrustBundle Bundle { get; }

    public LeafValidator Validator { get; }

    public SpiffeId Web => SpiffeId.ForService(Domain, "dc1", ServiceName.Parse("web"));

    public SpiffeId Api => SpiffeId.ForService(Domain, "dc1", ServiceName.Parse("api"));

    public SpiffeId PolicyServer => SpiffeId.PolicyServer(Domain);

    /// <summary>Issues a leaf for <paramref name="identity"/> through the real CA path and returns it with its private key.</summary>
    public X509Certificate2 IssueWithKey(SpiffeId identity, TimeSpan? lifetime = null)
    {
        using var key = MeshKey.Create();
        using var leaf = Ca.Issue(new LeafRequest(SigningRequestBuilder.CreatePem(key, identity), identity) { Lifetime = lifetime });
        return CertificateCredential.Combine(leaf, key);
    }

    public X509Certificate2 Issue(SpiffeId identity)
    {
        using var key = MeshKey.Create();
        return Ca.Issue(new LeafRequest(SigningRequestBuilder.CreatePem(key, identity), identity));
    }

    /// <summary>A leaf with the given shape, signed by this PKI's root key without going through the CA's checks.</summary>
    public X509Certificate2 Craft(LeafShape shape) => Craft(shape, Root);

    public X509Certificate2 Craft(LeafShape shape, X509Certificate2 issuer)
    {
        var now = Time.GetUtcNow();
        using var issuerKey = issuer.GetECDsaPrivateKey()!;
        using AsymmetricAlgorithm key = shape.Key switch
        {
            KeyKind.Rsa => RSA.Create(2048),
            KeyKind.P384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
            _ => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        };
        var subject = new X500DistinguishedName(shape.Subject);
        var request = key is RSA rsa
            ? new CertificateRequest(subject, rsa, shape.Hash, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, (ECDsa)key, shape.Hash);
        if (shape.CertificateAuthority is { } ca)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
        }

        if (shape.KeyUsage is { } usage)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, shape.KeyUsageCritical));
        }

        if (shape.ExtendedKeyUsages is { } ekus)
        {
            var oids = new OidCollection();
            foreach (var eku in ekus)
            {
                oids.Add(new Oid(eku));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }

        if (shape.Uris.Count > 0 || shape.DnsNames.Count > 0)
        {
            request.CertificateExtensions.Add(new X509Extension("2.5.29.17", EncodeSan(shape.Uris, shape.DnsNames), false));
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        foreach (var extension in shape.ExtraExtensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        var serial = new byte[16];
        Random.NextBytes(serial);
        serial[0] = 0x42;
        using var certificate = request.Create(
            issuer.SubjectName,
            shape.Hash == HashAlgorithmName.SHA1 ? new Sha1EcdsaSignatureGenerator(issuerKey) : X509SignatureGenerator.CreateForECDsa(issuerKey),
            now + shape.NotBeforeOffset,
            now + shape.NotAfterOffset,
            serial);
        return key switch
        {
            RSA r => certificate.CopyWithPrivateKey(r),
            ECDsa e => certificate.CopyWithPrivateKey(e),
            _ => throw new InvalidOperationException(),
        };
    }

    public static byte[] EncodeSan(IEnumerable<string> uris, IEnumerable<string> dnsNames)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var dns in dnsNames)
            {
                writer.WriteCharacterString(UniversalTagNumber.IA5String, dns, new Asn1Tag(TagClass.ContextSpecific, 2));
            }

            foreach (var uri in uris)
            {
                writer.WriteCharacterString(UniversalTagNumber.IA5String, uri, new Asn1Tag(TagClass.ContextSpecific, 6));
            }
        }

        return writer.Encode();
    }

    public void Dispose()
    {
        Ca.Dispose();
        Root.Dispose();
    }
}
