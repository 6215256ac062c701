using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Tests.Support;
using VmMesh.Identity.Validation;

namespace VmMesh.Identity.Tests.Validation;

public class LeafValidatorTests
{

    [Theory]
    [InlineData(PeerRole.Server)]
    [InlineData(PeerRole.Client)]
    [InlineData(PeerRole.Signer)]
    public void Validate_IssuedLeaf_ReturnsIdentity(PeerRole role)
    {
        using var pki = new TestPki();
        using var leaf = pki.Issue(pki.Web);

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, role);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(pki.Web, result.Identity);
        Assert.Equal(ValidationFailure.None, result.Failure);
        Assert.Equal("certificate verified for spiffe://mesh.test/ns/default/dc/dc1/svc/web", result.Message);
    }

    [Fact]
    public void Validate_CraftedDefaultShape_IsValid()
    {
        // Guards the crafted-certificate tests below: each changes one thing from a shape that passes.
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape());

        Assert.True(pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Client).IsValid);
    }

    [Fact]
    public void Validate_TwoUriSans_Rejected()
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { Uris = ["spiffe://mesh.test/ns/default/dc/dc1/svc/web", "spiffe://mesh.test/ns/default/dc/dc1/svc/admin"] });

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Client);

        AssertFailure(result, ValidationFailure.MultipleUriSans, $"certificate {Name(leaf)} has 2 URI SANs; SPIFFE requires exactly one");
    }

    [Fact]
    public void Validate_WrongTrustDomainSignedByOurRoot_Rejected()
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { Uris = ["spiffe://other.test/ns/default/dc/dc1/svc/web"] });

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Client);

        AssertFailure(result, ValidationFailure.WrongTrustDomain, $"certificate {Name(leaf)} identity spiffe://other.test/ns/default/dc/dc1/svc/web is in trust domain 'other.test', not 'mesh.test'");
    }

    [Fact]
    public void Validate_AfterNotAfter_RejectedAsExpired()
    {
        using var pki = new TestPki();
        using var leaf = pki.Issue(pki.Web);
        pki.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server);

        AssertFailure(result, ValidationFailure.Expired, $"certificate {Name(leaf)} expired at 2026-03-02T12:00:00.0000000+00:00 and the time here is 2026-03-02T12:00:01.0000000+00:00; the peer must renew its certificate");
    }

    [Fact]
    public void Validate_OneSecondBeforeNotAfter_StillValid()
    {
        using var pki = new TestPki();
        using var leaf = pki.Issue(pki.Web);
        pki.Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));

        Assert.True(pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server).IsValid);
    }

    [Fact]
    public void Validate_AtNotAfter_RejectedAsExpired()
    {
        using var pki = new TestPki();
        using var leaf = pki.Issue(pki.Web);
        pki.Time.Advance(TimeSpan.FromHours(24));

        Assert.Equal(ValidationFailure.Expired, pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server).Failure);
    }

    [Fact]
    public void Validate_BeforeNotBefore_RejectedNamingClockSkew()
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { NotBeforeOffset = TimeSpan.FromMinutes(5) });

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server);

        AssertFailure(result, ValidationFailure.NotYetValid, $"certificate {Name(leaf)} is not valid until 2026-03-01T12:05:00.0000000+00:00 and the time here is 2026-03-01T12:00:00.0000000+00:00; check for clock skew between this host and the policy server");
    }

    [Fact]
    public void Validate_PeerClock30SecondsBehindIssuer_AcceptedThanksToBackdate()
    {
        using var pki = new TestPki();
        using var leaf = pki.Issue(pki.Web);
        var laggingValidator = new LeafValidator(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestPki.Start.AddSeconds(-30)));

        Assert.True(laggingValidator.Validate(pki.Bundle, leaf, null, PeerRole.Server).IsValid);
    }

    [Theory]
    [InlineData("spiffe://mesh.test/ns/default/dc/dc1/svc/web?admin=1", "SPIFFE ID 'spiffe://mesh.test/ns/default/dc/dc1/svc/web?admin=1' has a query ('?'); SPIFFE IDs must not have one")]
    [InlineData("spiffe://mesh.test/ns/default/dc/dc1/svc/web#x", "SPIFFE ID 'spiffe://mesh.test/ns/default/dc/dc1/svc/web#x' has a fragment ('#'); SPIFFE IDs must not have one")]
    [InlineData("spiffe://mesh.test/ns/default/dc/dc1/svc/../admin", "SPIFFE ID 'spiffe://mesh.test/ns/default/dc/dc1/svc/../admin' has a '..' path segment; '.' and '..' segments are not allowed")]
    [InlineData("spiffe://mesh.test", "SPIFFE ID 'spiffe://mesh.test' has no path; a workload ID needs one, such as '/ns/default/dc/dc1/svc/web'")]
    [InlineData("https://mesh.test/web", "SPIFFE ID 'https://mesh.test/web' has scheme 'https'; the scheme must be 'spiffe' (lower case)")]
    public void Validate_UriSanNotAStrictSpiffeId_Rejected(string uri, string parseError)
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { Uris = [uri] });

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Client);

        AssertFailure(result, ValidationFailure.InvalidSpiffeId, $"certificate {Name(leaf)} URI SAN is not a valid SPIFFE ID: {parseError}");
    }

    [Fact]
    public void Validate_DnsOnlyCertificate_RejectedForMissingUri()
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { Uris = [], DnsNames = ["web.service.consul"] });

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server);

        AssertFailure(result, ValidationFailure.NoUriSan, $"certificate {Name(leaf)} has no URI SAN; a mesh certificate carries exactly one spiffe:// URI SAN");
    }

    [Fact]
    public void Validate_NoSanExtension_RejectedForMissingUri()
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { Uris = [] });

        Assert.Equal(ValidationFailure.NoUriSan, pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server).Failure);
    }

    [Fact]
    public void Validate_LeafFromAnotherCaSameTrustDomain_RejectedAsUntrusted()
    {
        using var pki = new TestPki();
        using var impostor = new TestPki(seed: 99);
        using var leaf = impostor.Issue(impostor.Web);

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Client);

        Assert.Equal(ValidationFailure.UntrustedChain, result.Failure);
        Assert.StartsWith($"certificate {Name(leaf)} for spiffe://mesh.test/ns/default/dc/dc1/svc/web does not chain to a root in the trust bundle of 'mesh.test': ", result.Message, StringComparison.Ordinal);
        Assert.Null(result.Identity);
    }

    [Fact]
    public void Validate_PresentedChainWithForeignRoot_StillUntrusted()
    {
        // A peer cannot make its own root trusted by sending it along with the leaf.
        using var pki = new TestPki();
        using var impostor = new TestPki(seed: 99);
        using var leaf = impostor.Issue(impostor.Web);

        var result = pki.Validator.Validate(pki.Bundle, leaf, [leaf, impostor.Root], PeerRole.Client);

        Assert.Equal(ValidationFailure.UntrustedChain, result.Failure);
    }

    [Fact]
    public void Validate_UnknownCriticalExtension_RejectedByChainPolicy()
    {
        using var pki = new TestPki();
        using var leaf = pki.Craft(new LeafShape { ExtraExtensions = [new X509Extension("1.3.6.1.4.1.99999.1", [0x05, 0x00], critical: true)] });

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server);

        Assert.Equal(ValidationFailure.UntrustedChain, result.Failure);
        Assert.Contains("HasNotSupportedCriticalExtension", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExpectedIdentityDiffers_Rejected()
    {
        using var pki = new TestPki();
        using var leaf = pki.Issue(pki.Api);

        var result = pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server, pki.Web);

        AssertFailure(result, ValidationFailure.WrongIdentity, $"certificate {Name(leaf)} is for spiffe://mesh.test/ns/default/dc/dc1/svc/api but spiffe://mesh.test/ns/default/dc/dc1/svc/web was expected");
    }

    [Fact]
    public void Validate_NoCertificate_Rejected()
    {
        using var pki = new TestPki();

        var result = pki.Validator.Validate(pki.Bundle, null, null, PeerRole.Client);

        AssertFailure(result, ValidationFailure.NoCertificate, "peer presented no certificate; a mesh peer must present its SPIFFE certificate");
    }

    [Fact]
    public void ValidateTlsPeer_CertificateNotAvailable_Rejected()
    {
        using var pki = new TestPki();
        using var leaf = pki.Issue(pki.Web);

        var result = pki.Validator.ValidateTlsPeer(pki.Bundle, leaf, null, System.Net.Security.SslPolicyErrors.RemoteCertificateNotAvailable, PeerRole.Client);

        Assert.Equal(ValidationFailure.NoCertificate, result.Failure);
    }

    [Fact]
    public void ValidateTlsPeer_ChainErrorsFromSystemRoots_AreIgnoredInFavourOfTheBundle()
    {
        using var pki = new TestPki();
        using var leaf = pki.Issue(pki.Web);

        var result = pki.Validator.ValidateTlsPeer(pki.Bundle, leaf, null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors | System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch, PeerRole.Server, pki.Web);

        Assert.True(result.IsValid, result.Message);
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
