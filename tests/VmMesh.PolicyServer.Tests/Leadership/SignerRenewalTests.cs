using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using VmMesh.Consul;
using VmMesh.Identity.Signing;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;
using VmMesh.Policy.Shards;
using VmMesh.PolicyServer.Tests.Support;

namespace VmMesh.PolicyServer.Tests.Leadership;

/// <summary>
/// The server signs shards and the trust bundle with its own leaf, which lives the leaf TTL and is renewed at 40–50 %
/// of it. Whatever it published must be signed again by the renewed certificate, with the same version, so a sidecar
/// that (re)loads it after the old certificate expired still accepts it. Verification is the sidecar's: the same
/// <see cref="JwsVerifier"/> against the trust bundle and the policy server's SPIFFE ID, then the shard parser.
/// </summary>
public sealed class SignerRenewalTests(ShortLeafFixture server) : IClassFixture<ShortLeafFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly SpiffeId PolicyServerId = SpiffeId.PolicyServer(ShortLeafFixture.TrustDomain);

    [Fact]
    public async Task Publication_SigningCertificateRenewed_KvShardsAndBundleResignedWithTheSameVersionAndAcceptedAfterTheOldOneExpires()
    {
        using var client = server.Client();
        using var consul = new ConsulClient(new ConsulClientOptions { Address = server.Consul.Address });
        var first = server.Host.Parts.Credentials.Current;

        // A deleted destination keeps its key with a signed empty shard; it must be re-signed like the others.
        var retired = await PutAsync(client, "retired");
        await SignedAsync(consul, "vmmesh/intentions/shards/retired", first.SignerId, retired);
        var deleted = await client.SendAsync(HttpMethod.Delete, "/v1/intentions/retired", null, server.AdminToken).WaitAsync(Timeout);
        Assert.Equal(200, deleted.Status);
        var version = await PutAsync(client, "inventory");
        string[] shardKeys = ["vmmesh/intentions/shards/inventory", "vmmesh/intentions/shards/retired", "vmmesh/intentions/shards/_wildcard"];
        var before = new List<string>();
        foreach (var key in shardKeys)
        {
            before.Add(await SignedAsync(consul, key, first.SignerId, version));
        }

        var bundleBefore = await SignedAsync(consul, "vmmesh/ca/bundle", first.SignerId, version: null);

        server.Advance(first.RenewAt - server.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
        var second = server.Host.Parts.Credentials.Current;
        Assert.NotEqual(first.SignerId, second.SignerId);
        var after = new List<string>();
        foreach (var key in shardKeys)
        {
            after.Add(await SignedAsync(consul, key, second.SignerId, version));
        }

        var bundleAfter = await SignedAsync(consul, "vmmesh/ca/bundle", second.SignerId, version: null);

        var oldExpired = new DateTimeOffset(first.SigningCertificate.NotAfter.ToUniversalTime()) + TimeSpan.FromSeconds(1);
        var sidecar = new JwsVerifier(new LeafValidator(new FakeTimeProvider(oldExpired)));
        for (var i = 0; i < shardKeys.Length; i++)
        {
            var destination = shardKeys[i] == "vmmesh/intentions/shards/_wildcard" ? "*" : shardKeys[i]["vmmesh/intentions/shards/".Length..];
            var stale = sidecar.Verify(before[i], server.Bundle, PolicyServerId);
            var fresh = sidecar.Verify(after[i], server.Bundle, PolicyServerId);

            Assert.Equal(JwsFailure.UntrustedSigner, stale.Failure);
            Assert.Matches("^JWS signer rejected: certificate .* expired at .* and the time here is .*; the peer must renew its certificate$", stale.Message);
            Assert.True(fresh.IsValid, $"{shardKeys[i]}: {fresh.Message}");
            Assert.Equal(version, ShardParser.Parse(fresh.Payload, destination).Value!.Version.Value);
        }

        var staleBundle = sidecar.Verify(bundleBefore, server.Bundle, PolicyServerId);
        var freshBundle = sidecar.Verify(bundleAfter, server.Bundle, PolicyServerId);
        Assert.Equal(JwsFailure.UntrustedSigner, staleBundle.Failure);
        Assert.True(freshBundle.IsValid, freshBundle.Message);
        Assert.Equal(BundleRevision(bundleBefore), BundleRevision(bundleAfter));
    }

    [Fact]
    public void ShardSigner_SigningCertificateRenewed_SignsTheSameVersionWithTheNewCertificate()
    {
        var shards = server.Host.Parts.Shards;
        var credentials = server.Host.Parts.Credentials;
        var before = shards.Current();
        Assert.Same(before, shards.Current());

        server.Advance(credentials.Current.RenewAt - server.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
        var after = shards.Current();
        var (oneVersion, one) = shards.For("nobody-here");

        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Version, oneVersion);
        Assert.NotEqual(before.SignerId, after.SignerId);
        Assert.Equal(credentials.Current.SignerId, after.SignerId);
        var verifier = new JwsVerifier(new LeafValidator(server.Time));
        foreach (var jws in after.Shards.Values.Append(one))
        {
            var result = verifier.Verify(jws, server.Bundle, PolicyServerId);
            Assert.True(result.IsValid, result.Message);
            Assert.Equal(after.SignerId, result.KeyId);
        }
    }

    private async Task<long> PutAsync(ApiClient client, string destination)
    {
        var put = await client.SendAsync(HttpMethod.Put, $"/v1/intentions/{destination}", $$"""{"destination":"{{destination}}","sources":[{"name":"web","action":"allow"}]}""", server.AdminToken).WaitAsync(Timeout);
        Assert.Equal(200, put.Status);
        return put.Json.GetProperty("version").GetInt64();
    }

    /// <summary>
    /// Waits until <paramref name="key"/> holds a JWS that verifies now and was signed by <paramref name="signerId"/>
    /// (and, for a shard, is of <paramref name="version"/>); returns it.
    /// </summary>
    private Task<string> SignedAsync(ConsulClient consul, string key, string signerId, long? version)
    {
        var verifier = new JwsVerifier(new LeafValidator(server.Time));
        return Eventually.GetAsync(
            async () =>
            {
                var raw = (await consul.KV.GetRawAsync(key)).Value;
                if (raw is null)
                {
                    return null;
                }

                var jws = Encoding.ASCII.GetString(raw);
                var result = verifier.Verify(jws, server.Bundle, PolicyServerId);
                var ofVersion = version is null || ShardParser.Parse(result.Payload).Value?.Version.Value == version;
                return result.IsValid && result.KeyId == signerId && ofVersion ? jws : null;
            },
            Timeout,
            $"{key} signed by {signerId}" + (version is null ? string.Empty : $" at version {version}"));
    }

    /// <summary>The revision in a signed bundle, verified on the server's clock (both signers are valid on it now).</summary>
    private long BundleRevision(string jws)
    {
        var result = new JwsVerifier(new LeafValidator(server.Time)).Verify(jws, server.Bundle, PolicyServerId);
        Assert.True(result.IsValid, result.Message);
        using var payload = JsonDocument.Parse(result.Payload);
        return payload.RootElement.GetProperty("revision").GetInt64();
    }
}
