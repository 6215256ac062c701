using System.Security.Cryptography;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Tests.Support;

namespace VmMesh.Identity.Tests.Authority;

public class CertificateFingerprintTests
{
    [Fact]
    public void Of_Certificate_IsSha256OfDerInLowerHex()
    {
        using var pki = new TestPki();

        var fingerprint = CertificateFingerprint.Of(pki.Root);

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(pki.Root.RawData)), fingerprint);
        Assert.Equal(71, fingerprint.Length);
        Assert.True(CertificateFingerprint.Matches(fingerprint.ToUpperInvariant().Replace("SHA256:", "sha256:", StringComparison.Ordinal), pki.Root));
        Assert.False(CertificateFingerprint.Matches(CertificateFingerprint.Of(pki.Ca.Issue(new LeafRequest(Keys(pki), pki.Web))), pki.Root));
    }

    [Theory]
    [InlineData("abc", "Fingerprint 'abc' must start with 'sha256:'; expected sha256:<64 hex digits of the SHA-256 of the certificate's DER>")]
    [InlineData("sha256:abc", "Fingerprint 'sha256:abc' must have exactly 64 hex digits after 'sha256:'")]
    [InlineData("sha256:zz00000000000000000000000000000000000000000000000000000000000000", "Fingerprint 'sha256:zz00000000000000000000000000000000000000000000000000000000000000' must have exactly 64 hex digits after 'sha256:'")]
    public void Validate_Malformed_ReturnsExactMessage(string value, string message)
    {
        Assert.Equal(message, CertificateFingerprint.Validate(value));
    }

    private static string Keys(TestPki pki)
    {
        using var key = VmMesh.Identity.Keys.MeshKey.Create();
        return VmMesh.Identity.Keys.SigningRequestBuilder.CreatePem(key, pki.Web);
    }
}
