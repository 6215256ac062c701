using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Spiffe;
using VmMesh.PolicyServer.Tests.Support;

namespace VmMesh.PolicyServer.Tests.Ca;

/// <summary>Renewal over mTLS: the identity comes from the presented certificate, which must be valid and ours.</summary>
public sealed class RenewalTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Sign_RenewalOverMtls_KeepsTheIdentityOfThePresentedCertificate()
    {
        var token = await server.CreateTokenAsync("\"web\"");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = server.Client();
        var first = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key)), token);
        using var current = Csr.Combine(first.Json.GetProperty("certificatePem").GetString()!, key);
        using var newKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var mtls = server.Client(current);

        var renewed = await mtls.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.AskingForOtherSans(newKey), "admin"));

        Assert.Equal(200, renewed.Status);
        Assert.Equal(Csr.ServiceId("web"), renewed.Json.GetProperty("spiffeId").GetString());
        using var leaf = X509Certificate2.CreateFromPem(renewed.Json.GetProperty("certificatePem").GetString());
        Assert.Equal(newKey.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task Sign_RenewalWithExpiredCertificate_Returns401()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var identity = SpiffeId.Parse(Csr.ServiceId("web"));
        using var issued = server.Host.Parts.Cache.RequireCa().Authority.Issue(new LeafRequest(Csr.For(key), identity) { Lifetime = TimeSpan.FromMinutes(1) });
        using var expired = VmMesh.Identity.Keys.CertificateCredential.Combine(issued, key);
        server.Advance(TimeSpan.FromMinutes(2));
        using var mtls = server.Client(expired);

        var response = await mtls.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key)));

        Assert.Equal(401, response.Status);
        Assert.Matches(@"^client certificate rejected for renewal: certificate .* expired at .*; the peer must renew its certificate; get a new certificate with a join token$", response.Error);
    }

    [Fact]
    public async Task Sign_RenewalWithForeignCaCertificate_Returns401()
    {
        var time = new FakeTimeProvider(server.Time.GetUtcNow());
        using var foreignRoot = RootCertificateFactory.Create(ServerFixture.TrustDomain, time, Random.Shared);
        using var foreignCa = new CertificateAuthority(foreignRoot, time, Random.Shared);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issued = foreignCa.Issue(new LeafRequest(Csr.For(key), SpiffeId.Parse(Csr.ServiceId("web"))));
        using var foreign = VmMesh.Identity.Keys.CertificateCredential.Combine(issued, key);
        using var mtls = server.Client(foreign);

        var response = await mtls.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key)));

        Assert.Equal(401, response.Status);
        Assert.Matches(@"^client certificate rejected for renewal: certificate .* does not chain to a root in the trust bundle of 'vmmesh.local': .*; get a new certificate with a join token$", response.Error);
    }
}
