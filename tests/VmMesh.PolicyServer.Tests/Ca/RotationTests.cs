using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Validation;
using VmMesh.PolicyServer.Leadership;
using VmMesh.PolicyServer.Tests.Support;

namespace VmMesh.PolicyServer.Tests.Ca;

public sealed class RotationTests(RotationFixture server) : IClassFixture<RotationFixture>
{
    [Fact]
    public async Task Rotate_LeavesBeforeKeepVerifying_NewLeavesChainToNewRoot_OldRootPrunedAfterExpiry()
    {
        using var client = server.Client();
        var oldRootId = server.Bundle.ActiveRootId;
        var rootsBefore = await client.GetAsync("/v1/ca/roots");
        var indexBefore = rootsBefore.Json.GetProperty("index").GetInt64();
        var waiting = client.GetAsync($"/v1/ca/roots?index={indexBefore}&wait=10m");
        var before = await SignAsync(client, "web");

        var rotated = await client.SendAsync(HttpMethod.Post, "/v1/ca/rotate", null, server.AdminToken);

        Assert.Equal(200, rotated.Status);
        var newRootId = rotated.Json.GetProperty("activeRootId").GetString();
        Assert.NotEqual(oldRootId, newRootId);
        var roots = rotated.Json.GetProperty("roots").EnumerateArray().ToList();
        Assert.Equal(2, roots.Count);
        var newRoot = Assert.Single(roots, r => r.GetProperty("active").GetBoolean());
        Assert.Equal(newRootId, newRoot.GetProperty("id").GetString());
        using var crossSigned = X509Certificate2.CreateFromPem(newRoot.GetProperty("crossSignedPem").GetString());
        using var oldRoot = X509Certificate2.CreateFromPem(roots.Single(r => !r.GetProperty("active").GetBoolean()).GetProperty("pem").GetString());
        Assert.Equal(oldRoot.SubjectName.Name, crossSigned.IssuerName.Name);

        var woken = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(newRootId, woken.Json.GetProperty("activeRootId").GetString());
        Assert.True(woken.Json.GetProperty("index").GetInt64() > indexBefore);

        var newBundle = TrustBundle.FromPem(ServerFixture.TrustDomain, (await client.GetAsync("/v1/ca/roots?pem")).Body, newRootId);
        var validator = new LeafValidator(server.Time);
        Assert.True(validator.Validate(newBundle, before, null, PeerRole.Client).IsValid, "a leaf issued before the rotation must verify with the new bundle");

        // The server's own TLS certificate follows the rotation without a restart (new connections get it).
        await Eventually.TrueAsync(
            async () =>
            {
                using var fresh = server.Client();
                return (await fresh.GetAsync("/v1/health")).Status == 200
                    && fresh.ServerCertificate!.IssuerName.Name == X509Certificate2.CreateFromPem(newRoot.GetProperty("pem").GetString()).SubjectName.Name;
            },
            TimeSpan.FromSeconds(30),
            "a server certificate from the new root");

        var after = await SignAsync(client, "web");
        Assert.Equal(X509Certificate2.CreateFromPem(newRoot.GetProperty("pem").GetString()).SubjectName.Name, after.IssuerName.Name);
        var onlyNew = TrustBundle.FromPem(ServerFixture.TrustDomain, newRoot.GetProperty("pem").GetString()!);
        Assert.True(validator.Validate(onlyNew, after, null, PeerRole.Client).IsValid, "a new leaf must chain to the new root");

        // Not yet: the old root may still have live leaves.
        Assert.Empty(await server.Host.Parts.Pruner.PruneAsync(CancellationToken.None));
        server.Advance(TimeSpan.FromMinutes(2) + RootPruner.Grace + TimeSpan.FromSeconds(1));
        await server.Host.Parts.Pruner.PruneAsync(CancellationToken.None); // the leader may have pruned first; either is fine

        var remaining = await Eventually.GetAsync(async () =>
        {
            var list = (await client.GetAsync("/v1/ca/roots")).Json.GetProperty("roots").EnumerateArray().ToList();
            return list.Count == 1 ? list : null;
        });
        Assert.Equal(newRootId, remaining[0].GetProperty("id").GetString());
        var audit = (await client.GetAsync("/v1/audit", server.AdminToken)).Json.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["ca.init", "ca.rotate", "ca.prune"], audit.Where(a => a!.StartsWith("ca.", StringComparison.Ordinal)));
    }

    private async Task<X509Certificate2> SignAsync(ApiClient client, string service)
    {
        var token = await server.CreateTokenAsync($"\"{service}\"");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var response = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key)), token);
        Assert.Equal(200, response.Status);
        return X509Certificate2.CreateFromPem(response.Json.GetProperty("certificatePem").GetString());
    }
}
