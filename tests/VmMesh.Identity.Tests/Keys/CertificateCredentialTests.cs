using VmMesh.Identity.Authority;
using VmMesh.Identity.Keys;
using VmMesh.Identity.Tests.Support;

namespace VmMesh.Identity.Tests.Keys;

public class CertificateCredentialTests
{
    [Fact]
    public void Combine_MatchingKey_HasPrivateKey()
    {
        using var pki = new TestPki();
        using var key = MeshKey.Create();
        using var leaf = pki.Ca.Issue(new LeafRequest(SigningRequestBuilder.CreatePem(key, pki.Web), pki.Web));

        using var credential = CertificateCredential.Combine(leaf, key);

        Assert.True(credential.HasPrivateKey);
        Assert.Equal(leaf.Thumbprint, credential.Thumbprint);
    }

    [Fact]
    public void Combine_OtherKey_RejectedWithExactMessage()
    {
        using var pki = new TestPki();
        using var key = MeshKey.Create();
        using var other = MeshKey.Create();
        using var leaf = pki.Ca.Issue(new LeafRequest(SigningRequestBuilder.CreatePem(key, pki.Web), pki.Web));

        var ex = Assert.Throws<ArgumentException>(() => CertificateCredential.Combine(leaf, other));

        Assert.Equal("The private key does not match certificate 'O=VmMesh, CN=web'; use the key the CSR was made with (Parameter 'key')", ex.Message);
    }

    [Fact]
    public void FromPem_CertificateAndKeyPem_RoundTrip()
    {
        using var pki = new TestPki();
        using var key = MeshKey.Create();
        using var leaf = pki.Ca.Issue(new LeafRequest(SigningRequestBuilder.CreatePem(key, pki.Web), pki.Web));

        using var credential = CertificateCredential.FromPem(leaf.ExportCertificatePem(), MeshKey.ExportPrivateKeyPem(key));

        Assert.True(credential.HasPrivateKey);
        Assert.Equal(leaf.Thumbprint, credential.Thumbprint);
    }

    [Fact]
    public void FromPem_GarbageCertificate_RejectedWithExactMessage()
    {
        using var key = MeshKey.Create();

        var ex = Assert.Throws<ArgumentException>(() => CertificateCredential.FromPem("nope", MeshKey.ExportPrivateKeyPem(key)));

        Assert.Equal("Certificate PEM does not hold a valid CERTIFICATE block; write the certificatePem the policy server returned (Parameter 'certificatePem')", ex.Message);
    }

    [Fact]
    public void SigningRequestBuilder_Csr_NamesTheRequestedIdentityAndVerifies()
    {
        using var key = MeshKey.Create();
        var id = VmMesh.Identity.Spiffe.SpiffeId.Parse("spiffe://mesh.test/ns/default/dc/dc1/svc/web");

        var pem = SigningRequestBuilder.CreatePem(key, id);
        var request = System.Security.Cryptography.X509Certificates.CertificateRequest.LoadSigningRequestPem(pem, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.X509Certificates.CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);

        Assert.StartsWith("-----BEGIN CERTIFICATE REQUEST-----", pem, StringComparison.Ordinal);
        var san = Assert.Single(request.CertificateExtensions);
        Assert.Equal(["spiffe://mesh.test/ns/default/dc/dc1/svc/web"], VmMesh.Identity.Validation.SubjectAlternativeNames.ReadUris(san.RawData).ToArray());
    }
}
