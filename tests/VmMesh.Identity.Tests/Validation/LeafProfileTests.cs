using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Tests.Support;
using VmMesh.Identity.Validation;

namespace VmMesh.Identity.Tests.Validation;

/// <summary>The leaf's own profile: CA flag, KeyUsage, EKU per role, key type and signature algorithm.</summary>
public class LeafProfileTests
{

    [Fact]
    public void Validate_CaTrueLeaf_Rejected()
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { CertificateAuthority = true });

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Client);

        AssertFailure(result, ValidationFailure.CertificateAuthorityAsLeaf, $"certificate {Name(leaf)} is a CA certificate (BasicConstraints CA:true); a CA certificate is never accepted as a peer");
    }

    [Fact]
    public void Validate_TheRootItself_RejectedAsCa()
    {
        using var pki = new TestPki();

        var result = pki.Validator.Validate(pki.Bundle, pki.Root, null, PeerRole.Server);

        Assert.Equal(ValidationFailure.CertificateAuthorityAsLeaf, result.Failure);
    }

    [Fact]
    public void Validate_ClientOnlyEkuAsServer_Rejected()
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { ExtendedKeyUsages = [LeafShape.ClientAuth] });

        var asServer = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server);
        var asClient = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Client);

        AssertFailure(asServer, ValidationFailure.WrongExtendedKeyUsage, $"certificate {Name(leaf)} ExtendedKeyUsage lacks serverAuth; it cannot be used by a TLS server");
        Assert.True(asClient.IsValid);
    }

    [Fact]
    public void Validate_ServerOnlyEkuAsClient_Rejected()
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { ExtendedKeyUsages = [LeafShape.ServerAuth] });

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Client);

        AssertFailure(result, ValidationFailure.WrongExtendedKeyUsage, $"certificate {Name(leaf)} ExtendedKeyUsage lacks clientAuth; it cannot be used by a TLS client");
    }

    [Fact]
    public void Validate_NoEku_Rejected()
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { ExtendedKeyUsages = null });

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server);

        AssertFailure(result, ValidationFailure.ExtendedKeyUsageMissing, $"certificate {Name(leaf)} has no ExtendedKeyUsage extension; a TLS server certificate needs serverAuth");
    }

    [Fact]
    public void Validate_KeyUsageMissing_Rejected()
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { KeyUsage = null });

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server);

        AssertFailure(result, ValidationFailure.KeyUsageMissing, $"certificate {Name(leaf)} has no KeyUsage extension; SPIFFE certificates carry a critical KeyUsage with digitalSignature");
    }

    [Fact]
    public void Validate_KeyUsageNotCritical_Rejected()
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { KeyUsageCritical = false });

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server);

        AssertFailure(result, ValidationFailure.KeyUsageNotCritical, $"certificate {Name(leaf)} has a non-critical KeyUsage extension; SPIFFE requires it to be critical");
    }

    [Theory]
    [InlineData(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign)]
    [InlineData(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.CrlSign)]
    public void Validate_LeafThatCanSignCertificates_Rejected(X509KeyUsageFlags usage)
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { KeyUsage = usage });

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server);

        AssertFailure(result, ValidationFailure.CertificateSigningKeyUsage, $"certificate {Name(leaf)} KeyUsage allows keyCertSign or cRLSign; a peer certificate must not be able to sign certificates");
    }

    [Fact]
    public void Validate_NoDigitalSignature_Rejected()
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { KeyUsage = X509KeyUsageFlags.KeyEncipherment });

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server);

        AssertFailure(result, ValidationFailure.DigitalSignatureMissing, $"certificate {Name(leaf)} KeyUsage lacks digitalSignature; it cannot authenticate a handshake or a signature");
    }

    [Theory]
    [InlineData(KeyKind.Rsa)]
    [InlineData(KeyKind.P384)]
    public void Validate_NonP256Key_Rejected(KeyKind kind)
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { Key = kind });

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server);

        Assert.Equal(ValidationFailure.UnsupportedKey, result.Failure);
        Assert.EndsWith("; mesh peers use ECDSA P-256 keys", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Sha384Signature_Accepted()
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { Hash = System.Security.Cryptography.HashAlgorithmName.SHA384 });

        Assert.True(pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server).IsValid);
    }

    [Fact]
    public void Validate_Sha1Signature_Rejected()
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { Hash = System.Security.Cryptography.HashAlgorithmName.SHA1 });

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server);

        Assert.Equal(ValidationFailure.UnsupportedSignatureAlgorithm, result.Failure);
        Assert.EndsWith("; mesh certificates are signed with ECDSA and SHA-256 or SHA-384", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ControlCharactersInSubject_AreEscapedInTheMessage()
    {
        using var pki = new TestPki();
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName("evil\nFAKE LOG LINE");
        using var leaf = pki.Craft(new LeafShape { Subject = subject.Build().Name, KeyUsage = null });

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server);

        Assert.DoesNotContain('\n', result.Message);
        Assert.StartsWith("certificate 'CN=\"evil\\u000AFAKE LOG LINE\"' (serial ", result.Message, StringComparison.Ordinal);
    }

    private static string Name(X509Certificate2 leaf) => $"'{leaf.Subject}' (serial {leaf.SerialNumber})";

    private static void AssertFailure(ValidationResult result, ValidationFailure failure, string message)
    {
        Assert.False(result.IsValid);
        Assert.Equal(failure, result.Failure);
        Assert.Equal(message, result.Message);
        Assert.Null(result.Identity);
    }
}
