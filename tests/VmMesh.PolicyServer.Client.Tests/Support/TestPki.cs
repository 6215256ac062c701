using System.Net;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Keys;
using VmMesh.Identity.Spiffe;
using VmMesh.PolicyServer.Client.Trust;

namespace VmMesh.PolicyServer.Client.Tests.Support;

/// <summary>A real mesh CA (VmMesh.Identity) on the system clock: roots, the policy server's certificate, service leaves.</summary>
public sealed class TestPki : IDisposable
{
    public TestPki(string trustDomain = "mesh.test", int seed = 42)
    {
        Domain = TrustDomain.Parse(trustDomain);
        Random = new Random(seed);
        Root = RootCertificateFactory.Create(Domain, TimeProvider.System, Random);
        Ca = new CertificateAuthority(Root, TimeProvider.System, Random);
    }

    public TrustDomain Domain { get; }

    public Random Random { get; }

    public X509Certificate2 Root { get; }

    public CertificateAuthority Ca { get; }

    public string RootPem => Root.ExportCertificatePem();

    public PolicyServerTrust Trust => PolicyServerTrust.FromPem(RootPem);

    public SpiffeId PolicyServerId => SpiffeId.PolicyServer(Domain);

    public SpiffeId Service(string name) => SpiffeId.ForService(Domain, "dc1", ServiceName.Parse(name));

    /// <summary>A leaf with its private key, issued through the real CA path, for <c>localhost</c> and <c>127.0.0.1</c>.</summary>
    public X509Certificate2 IssueServer(SpiffeId identity)
    {
        using var key = MeshKey.Create();
        var request = new LeafRequest(SigningRequestBuilder.CreatePem(key, identity), identity)
        {
            DnsNames = ["localhost"],
            IpAddresses = [IPAddress.Loopback],
        };
        using var leaf = Ca.Issue(request);
        return CertificateCredential.Combine(leaf, key);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Root.Dispose();
    }
}
