using System.Net.Security;
using VmMesh.PolicyServer.Client.Tests.Client;
using VmMesh.PolicyServer.Client.Tests.Support;
using VmMesh.PolicyServer.Client.Trust;

namespace VmMesh.PolicyServer.Client.Tests.Trust;

/// <summary>The TLS callback logic with real certificates from VmMesh.Identity's CA.</summary>
public sealed class PolicyServerCertificateValidatorTests
{
    private static TestPki Pki => ClientFixture.Pki;

    [Fact]
    public void Validate_PolicyServerCertificateFromBundle_IsAcceptedDespitePlatformChainVerdict()
    {
        using var leaf = Pki.IssueServer(Pki.PolicyServerId);
        var validator = new PolicyServerCertificateValidator(Pki.Trust, Pki.PolicyServerId, TimeProvider.System);

        // The platform reports chain errors because the mesh root is not a system root; only the bundle decides.
        Assert.True(validator.Validate(leaf, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Null(validator.LastFailure);
    }

    [Fact]
    public void Validate_CertificateFromAnotherCa_IsRejected()
    {
        using var other = new TestPki(seed: 7);
        using var leaf = other.IssueServer(other.PolicyServerId);
        var validator = new PolicyServerCertificateValidator(Pki.Trust, expectedIdentity: null, TimeProvider.System);

        Assert.False(validator.Validate(leaf, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Contains("does not chain to a root in the trust bundle of 'mesh.test'", validator.LastFailure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HostNameMismatch_IsRejected()
    {
        using var leaf = Pki.IssueServer(Pki.PolicyServerId);
        var validator = new PolicyServerCertificateValidator(Pki.Trust, Pki.PolicyServerId, TimeProvider.System);

        Assert.False(validator.Validate(leaf, null, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Equal(
            "the server's certificate is not issued for the host name in the server URL; use a name the policy server advertises (--advertise), e.g. the one in its certificate",
            validator.LastFailure);
    }

    [Fact]
    public void Validate_ServiceCertificateWhenPolicyServerExpected_IsRejected()
    {
        using var leaf = Pki.IssueServer(Pki.Service("web"));
        var validator = new PolicyServerCertificateValidator(Pki.Trust, Pki.PolicyServerId, TimeProvider.System);

        Assert.False(validator.Validate(leaf, null, SslPolicyErrors.None));
        Assert.EndsWith("is for spiffe://mesh.test/ns/default/dc/dc1/svc/web but spiffe://mesh.test/vmmesh/policy-server was expected", validator.LastFailure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ServiceCertificateWithoutExpectedIdentity_IsAccepted()
    {
        using var leaf = Pki.IssueServer(Pki.Service("web"));
        var validator = new PolicyServerCertificateValidator(Pki.Trust, expectedIdentity: null, TimeProvider.System);

        Assert.True(validator.Validate(leaf, null, SslPolicyErrors.None));
    }

    [Fact]
    public void Validate_NoCertificate_IsRejected()
    {
        var validator = new PolicyServerCertificateValidator(Pki.Trust, null, TimeProvider.System);

        Assert.False(validator.Validate(null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
        Assert.Equal("peer presented no certificate; a mesh peer must present its SPIFFE certificate", validator.LastFailure);
    }
}
