using System.Security.Cryptography;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Keys;
using VmMesh.Identity.Tests.Support;

namespace VmMesh.Identity.Tests.Authority;

public class CertificateAuthorityCsrTests
{
    [Fact]
    public void Issue_TamperedCsr_RejectedAsBadSignature()
    {
        using var pki = new TestPki();

        var ex = Assert.Throws<CsrRejectedException>(() => pki.Ca.Issue(new LeafRequest(CsrSamples.Tampered(), pki.Web)));

        Assert.Equal(CsrRejection.BadSignature, ex.Reason);
        Assert.Equal("CSR signature does not verify with the CSR's public key; the request was altered or signed with another key", ex.Message);
    }

    [Fact]
    public void Issue_RsaCsr_Rejected()
    {
        using var pki = new TestPki();

        var ex = Assert.Throws<CsrRejectedException>(() => pki.Ca.Issue(new LeafRequest(CsrSamples.Rsa(), pki.Web)));

        Assert.Equal(CsrRejection.UnsupportedKeyAlgorithm, ex.Reason);
        Assert.Equal("CSR key is RSA; VmMesh accepts only ECDSA P-256 keys, generate one with the sidecar's key helper or 'openssl ecparam -name prime256v1 -genkey'", ex.Message);
    }

    [Fact]
    public void Issue_P384Csr_Rejected()
    {
        using var pki = new TestPki();

        var ex = Assert.Throws<CsrRejectedException>(() => pki.Ca.Issue(new LeafRequest(CsrSamples.P384(), pki.Web)));

        Assert.Equal(CsrRejection.UnsupportedCurve, ex.Reason);
        Assert.Equal("CSR key is ECDSA on curve P-384 (1.3.132.0.34); VmMesh accepts only P-256 (prime256v1, 1.2.840.10045.3.1.7)", ex.Message);
    }

    [Theory]
    [InlineData("", CsrRejection.InvalidPem, "CSR is empty; send a PEM block starting with '-----BEGIN CERTIFICATE REQUEST-----'")]
    [InlineData("hello world", CsrRejection.InvalidPem, "CSR is not PEM; send a PEM block starting with '-----BEGIN CERTIFICATE REQUEST-----'")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", CsrRejection.InvalidPem, "CSR PEM block is labelled 'CERTIFICATE'; expected 'CERTIFICATE REQUEST'")]
    [InlineData("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----", CsrRejection.Malformed, "CSR is not a valid PKCS#10 certification request; generate it with the sidecar's CSR builder or 'openssl req -new'")]
    [InlineData("-----BEGIN CERTIFICATE REQUEST-----\nMAMCAQA=\n-----END CERTIFICATE REQUEST-----", CsrRejection.Malformed, "CSR is not a valid PKCS#10 certification request; generate it with the sidecar's CSR builder or 'openssl req -new'")]
    public void Issue_GarbagePem_RejectedWithExactReason(string pem, CsrRejection reason, string message)
    {
        using var pki = new TestPki();

        var ex = Assert.Throws<CsrRejectedException>(() => pki.Ca.Issue(new LeafRequest(pem, pki.Web)));

        Assert.Equal(reason, ex.Reason);
        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x80)]
    public void Issue_EverySingleBitMutationOfAValidCsr_IsRejectedWithACsrRejection(byte mask)
    {
        // A small deterministic cousin of the A6 fuzz row: no crash, no other exception type, no certificate.
        using var pki = new TestPki();
        using var key = MeshKey.Create();
        var pem = SigningRequestBuilder.CreatePem(key, pki.Web);
        var der = Convert.FromBase64String(pem[PemEncoding.Find(pem).Base64Data]);
        using (pki.Ca.Issue(new LeafRequest(PemEncoding.WriteString("CERTIFICATE REQUEST", der), pki.Web)))
        {
            // The unmutated request is accepted, so every rejection below is caused by the mutation.
        }

        var reasons = new HashSet<CsrRejection>();

        for (var i = 0; i < der.Length; i++)
        {
            var mutated = (byte[])der.Clone();
            mutated[i] ^= mask;
            var ex = Assert.Throws<CsrRejectedException>(() => pki.Ca.Issue(new LeafRequest(PemEncoding.WriteString("CERTIFICATE REQUEST", mutated), pki.Web)));
            reasons.Add(ex.Reason);
        }

        Assert.Contains(CsrRejection.BadSignature, reasons);
        Assert.Contains(CsrRejection.Malformed, reasons);
    }

    [Fact]
    public void Issue_CsrSignedByOtherKey_RejectedAsBadSignature()
    {
        // A CSR whose body names key A but whose signature was made with key B.
        using var pki = new TestPki();
        using var keyA = MeshKey.Create();
        using var keyB = MeshKey.Create();
        var der = Convert.FromBase64String(string.Concat(SigningRequestBuilder.CreatePem(keyA, pki.Web).Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        var reader = new System.Formats.Asn1.AsnReader(der, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        var info = reader.ReadEncodedValue().ToArray();
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(info);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.2.840.10045.4.3.2");
            }

            writer.WriteBitString(keyB.SignData(info, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }

        var pem = PemEncoding.WriteString("CERTIFICATE REQUEST", writer.Encode());

        var ex = Assert.Throws<CsrRejectedException>(() => pki.Ca.Issue(new LeafRequest(pem, pki.Web)));

        Assert.Equal(CsrRejection.BadSignature, ex.Reason);
    }
}
