using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VmMesh.PolicyServer.Client.Tests.Client;
using VmMesh.PolicyServer.Client.Trust;

namespace VmMesh.PolicyServer.Client.Tests.Trust;

/// <summary>Reading ca.pem: roots, the trust domain from their SAN, and clear failures.</summary>
public sealed class PolicyServerTrustTests
{
    [Fact]
    public void FromPem_MeshRoot_DerivesTrustDomainAndPolicyServerId()
    {
        var trust = PolicyServerTrust.FromPem(ClientFixture.Pki.RootPem);

        Assert.Equal("spiffe://mesh.test/vmmesh/policy-server", trust.PolicyServerId.ToString());
        Assert.Single(trust.Bundle.Roots);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a pem file")]
    public void FromPem_NoCertificate_SaysSo(string pem)
    {
        var ex = Assert.Throws<FormatException>(() => PolicyServerTrust.FromPem(pem));

        Assert.Equal("it holds no CERTIFICATE blocks", ex.Message);
    }

    [Fact]
    public void FromPem_BrokenCertificate_SaysItDoesNotParse()
    {
        var ex = Assert.Throws<FormatException>(() => PolicyServerTrust.FromPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));

        Assert.StartsWith("it holds a certificate that does not parse (", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPem_RootWithoutSpiffeSan_IsNotAMeshBundle()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=some other CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));

        var ex = Assert.Throws<FormatException>(() => PolicyServerTrust.FromPem(root.ExportCertificatePem()));

        Assert.Equal("none of its root certificates carries a spiffe://<trust-domain> URI SAN, so it is not a VmMesh trust bundle", ex.Message);
    }
}
