using System.Security.Cryptography;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Tests.Support;

namespace VmMesh.Identity.Tests.Authority;

public class TrustBundleTests
{
    [Fact]
    public void Create_OneRoot_IsActiveAndHasNoPrivateKey()
    {
        using var pki = new TestPki();

        Assert.Equal(CertificateFingerprint.Of(pki.Root), pki.Bundle.ActiveRootId);
        Assert.Equal([pki.Bundle.ActiveRootId], pki.Bundle.RootIds.ToArray());
        Assert.False(pki.Bundle.ActiveRoot.HasPrivateKey);
        Assert.Equal("mesh.test", pki.Bundle.TrustDomain.Name);
    }

    [Fact]
    public void Pem_RoundTrip_KeepsRootsIntermediatesAndActiveRoot()
    {
        using var pki = new TestPki();
        using var newRoot = RootCertificateFactory.Create(pki.Domain, pki.Time, pki.Random);
        using var cross = pki.Ca.CrossSign(newRoot);
        var bundle = pki.Bundle.WithRoot(newRoot, makeActive: false, crossSigned: cross);

        var pem = bundle.ToPem();
        var decoded = TrustBundle.FromPem(pki.Domain, pem, bundle.ActiveRootId);
        var defaulted = TrustBundle.FromPem(pki.Domain, pem);

        Assert.Equal(3, pem.Split("-----BEGIN CERTIFICATE-----").Length - 1);
        Assert.Equal(bundle.RootIds.Order(), decoded.RootIds.Order());
        Assert.Equal(CertificateFingerprint.Of(pki.Root), decoded.ActiveRootId);
        Assert.Equal(CertificateFingerprint.Of(cross), CertificateFingerprint.Of(Assert.Single(decoded.Intermediates)));
        Assert.DoesNotContain("PRIVATE KEY", pem, StringComparison.Ordinal);
        // With no active root named, the newest root is taken to be active (both roots here share a NotBefore, so either is acceptable).
        Assert.Contains(defaulted.ActiveRootId, bundle.RootIds);
    }

    [Fact]
    public void Create_LeafAsRootAndOtherDomainRoot_ListsEveryProblem()
    {
        using var pki = new TestPki();
        using var other = new TestPki("other.test");
        using var leaf = pki.Issue(pki.Web);

        var ex = Assert.Throws<ArgumentException>(() => TrustBundle.Create(pki.Domain, [leaf, other.Root]));

        Assert.Equal($"Invalid trust bundle: root #1 'O=VmMesh, CN=web' is not a CA certificate (BasicConstraints CA:true); root #2 '{other.Root.Subject}' is for trust domain 'other.test', not 'mesh.test'", ex.Message);
    }

    [Fact]
    public void Create_CrossSignedCertificateAsRoot_IsRejected()
    {
        using var pki = new TestPki();
        using var newRoot = RootCertificateFactory.Create(pki.Domain, pki.Time, pki.Random);
        using var cross = pki.Ca.CrossSign(newRoot);

        var ex = Assert.Throws<ArgumentException>(() => TrustBundle.Create(pki.Domain, [pki.Root, cross]));

        Assert.Equal($"Invalid trust bundle: root #2 '{cross.Subject}' is issued by '{pki.Root.Subject}', not by itself; put cross-signed certificates in intermediates", ex.Message);
    }

    [Fact]
    public void FromPem_EverySingleBitMutation_EitherLoadsOrThrowsArgumentException()
    {
        // Bundles arrive over the network; a corrupted one must fail with the documented exception type only.
        using var pki = new TestPki();
        var der = pki.Root.RawData;
        var outcomes = new HashSet<string>();

        for (var i = 0; i < der.Length; i++)
        {
            var mutated = (byte[])der.Clone();
            mutated[i] ^= 0x01;
            try
            {
                TrustBundle.FromPem(pki.Domain, PemEncoding.WriteString("CERTIFICATE", mutated));
                outcomes.Add("loaded");
            }
            catch (ArgumentException)
            {
                outcomes.Add("rejected");
            }
        }

        Assert.Contains("rejected", outcomes);
    }

    [Fact]
    public void Create_NoRoots_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => TrustBundle.Create(VmMesh.Identity.Spiffe.TrustDomain.Parse("mesh.test"), []));

        Assert.Equal("Invalid trust bundle: trust bundle has no roots; add at least the active root", ex.Message);
    }

    [Fact]
    public void Create_UnknownActiveRoot_IsRejected()
    {
        using var pki = new TestPki();
        var unknown = "sha256:" + new string('0', 64);

        var ex = Assert.Throws<ArgumentException>(() => TrustBundle.Create(pki.Domain, [pki.Root], unknown));

        Assert.Equal($"Invalid trust bundle: active root '{unknown}' is not one of the bundle's roots; choose one of: {pki.Bundle.ActiveRootId}", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")]
    public void FromPem_NoCertificates_IsRejected(string pem)
    {
        var ex = Assert.Throws<ArgumentException>(() => TrustBundle.FromPem(VmMesh.Identity.Spiffe.TrustDomain.Parse("mesh.test"), pem));

        Assert.Equal("Invalid trust bundle: the PEM holds no CERTIFICATE blocks; fetch the bundle again from /v1/ca/roots (Parameter 'pem')", ex.Message);
    }

    [Fact]
    public void WithoutRoot_ActiveRoot_IsRefused_OtherRootIsRemovedWithItsCrossSignedCertificate()
    {
        using var pki = new TestPki();
        using var newRoot = RootCertificateFactory.Create(pki.Domain, pki.Time, pki.Random);
        using var cross = pki.Ca.CrossSign(newRoot);
        var rotated = pki.Bundle.WithRoot(newRoot, makeActive: true, crossSigned: cross);

        var ex = Assert.Throws<ArgumentException>(() => rotated.WithoutRoot(rotated.ActiveRootId));
        var pruned = rotated.WithoutRoot(pki.Bundle.ActiveRootId);

        Assert.Equal($"Root '{rotated.ActiveRootId}' is the active root; make another root active before removing it (Parameter 'rootId')", ex.Message);
        Assert.Equal([CertificateFingerprint.Of(newRoot)], pruned.RootIds.ToArray());
        Assert.Empty(pruned.Intermediates);
    }
}
