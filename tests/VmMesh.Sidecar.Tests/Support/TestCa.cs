using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Keys;
using VmMesh.Identity.Spiffe;

namespace VmMesh.Sidecar.Tests.Support;

/// <summary>A mesh CA on a fake clock: a root, a CertificateAuthority over it and its trust bundle.</summary>
public sealed class TestCa : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public TestCa(FakeTimeProvider? time = null, string trustDomain = "mesh.test", int seed = 42)
    {
        Domain = TrustDomain.Parse(trustDomain);
        Time = time ?? new FakeTimeProvider(Start);
        Random = new Random(seed);
        Root = RootCertificateFactory.Create(Domain, Time, Random);
        Authority = new CertificateAuthority(Root, Time, Random);
        Bundle = TrustBundle.Create(Domain, [Root]);
    }

    public TrustDomain Domain { get; }

    public FakeTimeProvider Time { get; }

    public Random Random { get; }

    public X509Certificate2 Root { get; }

    public CertificateAuthority Authority { get; }

    public TrustBundle Bundle { get; }

    public SpiffeId IdOf(string service) => SpiffeId.ForService(Domain, "dc1", ServiceName.Parse(service));

    /// <summary>A leaf with its private key for <paramref name="service"/>, issued through the real CA path.</summary>
    public X509Certificate2 IssueWithKey(string service, TimeSpan? lifetime = null)
    {
        using var key = MeshKey.Create();
        var id = IdOf(service);
        using var leaf = Authority.Issue(new LeafRequest(SigningRequestBuilder.CreatePem(key, id), id) { Lifetime = lifetime });
        return CertificateCredential.Combine(leaf, key);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Root.Dispose();
    }
}
