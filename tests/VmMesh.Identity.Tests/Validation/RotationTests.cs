using VmMesh.Identity.Authority;
using VmMesh.Identity.Tests.Support;
using VmMesh.Identity.Validation;

namespace VmMesh.Identity.Tests.Validation;

/// <summary>Root rotation: new root cross-signed by the old one, bundle holds both until old leaves expire.</summary>
public class RotationTests
{
    [Fact]
    public void Rotation_LeafIssuedBeforeRotation_VerifiesWithNewBundle()
    {
        using var pki = new TestPki();
        using var oldLeaf = pki.Issue(pki.Web);
        using var rotation = Rotation.Start(pki);

        var result = pki.Validator.Validate(rotation.NewBundle, oldLeaf, null, PeerRole.Server);

        Assert.True(result.IsValid, result.Message);
    }

    [Fact]
    public void Rotation_NewLeaf_ChainsToNewRoot()
    {
        using var pki = new TestPki();
        using var rotation = Rotation.Start(pki);
        using var newLeaf = rotation.NewCa.Issue(new LeafRequest(Csr(), pki.Web));

        var result = pki.Validator.Validate(rotation.NewBundle, newLeaf, null, PeerRole.Server);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(rotation.NewRoot.Subject, newLeaf.Issuer);
        Assert.Equal(CertificateFingerprint.Of(rotation.NewRoot), rotation.NewBundle.ActiveRootId);
    }

    [Fact]
    public void Rotation_NewLeafWithCrossSignedCertificate_VerifiesWithOldBundle()
    {
        // A peer that has not yet fetched the new bundle still accepts new leaves through the cross-signed link.
        using var pki = new TestPki();
        using var rotation = Rotation.Start(pki);
        using var newLeaf = rotation.NewCa.Issue(new LeafRequest(Csr(), pki.Web));

        var withLink = pki.Validator.Validate(pki.Bundle, newLeaf, [newLeaf, rotation.CrossSigned], PeerRole.Server);
        var withoutLink = pki.Validator.Validate(pki.Bundle, newLeaf, null, PeerRole.Server);

        Assert.True(withLink.IsValid, withLink.Message);
        Assert.Equal(ValidationFailure.UntrustedChain, withoutLink.Failure);
    }

    [Fact]
    public void Rotation_CrossSignedCertificate_HasNewSubjectAndKeyAndOldIssuer()
    {
        using var pki = new TestPki();
        using var rotation = Rotation.Start(pki);

        Assert.Equal(rotation.NewRoot.Subject, rotation.CrossSigned.Subject);
        Assert.Equal(pki.Root.Subject, rotation.CrossSigned.Issuer);
        Assert.Equal(rotation.NewRoot.PublicKey.EncodedKeyValue.RawData, rotation.CrossSigned.PublicKey.EncodedKeyValue.RawData);
        Assert.True(rotation.CrossSigned.NotAfter <= pki.Root.NotAfter);
    }

    [Fact]
    public void Rotation_OldRootRemoved_OldLeafRejected()
    {
        using var pki = new TestPki();
        using var oldLeaf = pki.Issue(pki.Web);
        using var rotation = Rotation.Start(pki);
        var pruned = rotation.NewBundle.WithoutRoot(pki.Bundle.ActiveRootId);

        var result = pki.Validator.Validate(pruned, oldLeaf, null, PeerRole.Server);

        Assert.Equal(ValidationFailure.UntrustedChain, result.Failure);
    }

    [Fact]
    public void CrossSign_RootOfOtherTrustDomain_Refused()
    {
        using var pki = new TestPki();
        using var other = new TestPki("other.test");

        var ex = Assert.Throws<ArgumentException>(() => pki.Ca.CrossSign(other.Root));

        Assert.Equal("New root is for trust domain 'other.test' but this CA is for 'mesh.test'; rotation keeps the trust domain (Parameter 'newRoot')", ex.Message);
    }

    [Fact]
    public void CrossSign_Leaf_Refused()
    {
        using var pki = new TestPki();
        using var leaf = pki.Issue(pki.Web);

        var ex = Assert.Throws<ArgumentException>(() => pki.Ca.CrossSign(leaf));

        Assert.Equal("Certificate 'O=VmMesh, CN=web' is not a CA certificate (BasicConstraints CA:true); only a new root can be cross-signed (Parameter 'newRoot')", ex.Message);
    }

    private static string Csr()
    {
        using var key = VmMesh.Identity.Keys.MeshKey.Create();
        return VmMesh.Identity.Keys.SigningRequestBuilder.CreatePem(key, VmMesh.Identity.Spiffe.SpiffeId.Parse("spiffe://mesh.test/x"));
    }

    private sealed class Rotation : IDisposable
    {
        private Rotation(TestPki pki)
        {
            pki.Time.Advance(TimeSpan.FromHours(1));
            NewRoot = RootCertificateFactory.Create(pki.Domain, pki.Time, pki.Random);
            NewCa = new CertificateAuthority(NewRoot, pki.Time, pki.Random);
            CrossSigned = pki.Ca.CrossSign(NewRoot);
            NewBundle = pki.Bundle.WithRoot(NewRoot, makeActive: true, crossSigned: CrossSigned);
        }

        public System.Security.Cryptography.X509Certificates.X509Certificate2 NewRoot { get; }

        public CertificateAuthority NewCa { get; }

        public System.Security.Cryptography.X509Certificates.X509Certificate2 CrossSigned { get; }

        public TrustBundle NewBundle { get; }

        public static Rotation Start(TestPki pki) => new(pki);

        public void Dispose()
        {
            NewCa.Dispose();
            NewRoot.Dispose();
            CrossSigned.Dispose();
        }
    }
}
