using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Tests.Support;
using VmMesh.Identity.Validation;

namespace VmMesh.Identity.Tests.Authority;

public class RootCertificateFactoryTests
{
    [Fact]
    public void Create_Default_HasSpiffeCaProfile()
    {
        using var pki = new TestPki();
        var root = pki.Root;

        var basic = Assert.IsType<X509BasicConstraintsExtension>(root.Extensions["2.5.29.19"]);
        Assert.True(basic.CertificateAuthority);
        Assert.True(basic.Critical);
        Assert.True(basic.HasPathLengthConstraint);
        Assert.Equal(1, basic.PathLengthConstraint);
        var usage = Assert.IsType<X509KeyUsageExtension>(root.Extensions["2.5.29.15"]);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        Assert.True(usage.Critical);
        Assert.NotNull(root.Extensions["2.5.29.14"]);
        Assert.Equal(["spiffe://mesh.test"], SubjectAlternativeNames.ReadUris(root).ToArray());
        Assert.Equal(TestPki.Start.AddMinutes(-1), new DateTimeOffset(root.NotBefore));
        Assert.Equal(TestPki.Start.AddDays(3650), new DateTimeOffset(root.NotAfter));
        Assert.True(root.HasPrivateKey);
        Assert.Equal(256, root.GetECDsaPublicKey()!.KeySize);
        Assert.Equal(root.Subject, root.Issuer);
    }

    [Fact]
    public void Create_CustomLifetime_IsUsed()
    {
        using var pki = new TestPki(options: new CertificateLifetimeOptions { RootLifetime = TimeSpan.FromDays(30) });

        Assert.Equal(TestPki.Start.AddDays(30), new DateTimeOffset(pki.Root.NotAfter));
    }

    [Fact]
    public void Create_InvalidOptions_ListsEveryProblem()
    {
        using var pki = new TestPki();
        var options = new CertificateLifetimeOptions { LeafLifetime = TimeSpan.FromSeconds(10), RootLifetime = TimeSpan.FromSeconds(5) };

        var ex = Assert.Throws<ArgumentException>(() => RootCertificateFactory.Create(pki.Domain, pki.Time, pki.Random, options));

        Assert.Equal("leafLifetime 00:00:10 is outside the allowed range 00:01:00 to 30.00:00:00; choose a lifetime in that range (default 24:00:00); rootLifetime 00:00:05 must be longer than leafLifetime 00:00:10; a root must outlive the leaves it signs (Parameter 'options')", ex.Message);
    }

    [Fact]
    public void CertificateAuthority_LeafAsSigningCertificate_IsRefused()
    {
        using var pki = new TestPki();
        using var leaf = pki.IssueWithKey(pki.Web);

        var ex = Assert.Throws<ArgumentException>(() => new CertificateAuthority(leaf, pki.Time, pki.Random));

        Assert.Equal("Certificate 'O=VmMesh, CN=web' is not a CA certificate (BasicConstraints CA:true); pass a root made by RootCertificateFactory (Parameter 'signingCertificate')", ex.Message);
    }

    [Fact]
    public void CertificateAuthority_RootWithoutKey_IsRefused()
    {
        using var pki = new TestPki();
        using var publicOnly = X509CertificateLoader.LoadCertificate(pki.Root.RawData);

        var ex = Assert.Throws<ArgumentException>(() => new CertificateAuthority(publicOnly, pki.Time, pki.Random));

        Assert.Equal($"Certificate '{pki.Root.Subject}' has no ECDSA private key; load the CA certificate together with its key (Parameter 'signingCertificate')", ex.Message);
    }
}
