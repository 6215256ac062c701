using System.Text;
using VmMesh.Consul;
using VmMesh.Identity.Signing;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;
using VmMesh.PolicyServer.Tests.Support;

namespace VmMesh.PolicyServer.Tests.Leadership;

/// <summary>
/// A replica that leads again after another leader wrote KV must not trust what it remembers publishing: the other
/// leader signed with its own certificate, which nobody renews once it stops leading. Here the "other leader" is a
/// direct overwrite of the bundle and a shard, and leadership changes hands by destroying the leader's session.
/// </summary>
public sealed class LeadershipRegainedTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly SpiffeId PolicyServerId = SpiffeId.PolicyServer(ServerFixture.TrustDomain);

    [Fact]
    public async Task Leader_LeadsAgainAfterKvWasOverwritten_PublishesBundleAndShardsAgain()
    {
        using var consul = new ConsulClient(new ConsulClientOptions { Address = server.Consul.Address });
        var signerId = server.Host.Parts.Credentials.Current.SignerId;
        string[] keys = ["vmmesh/ca/bundle", "vmmesh/intentions/shards/_wildcard"];
        foreach (var key in keys)
        {
            await SignedAsync(consul, key, signerId);
        }

        var session = await Eventually.GetAsync(async () => (await consul.KV.GetAsync("vmmesh/leader")).Value?.Session, Timeout, "a leader session");
        foreach (var key in keys)
        {
            Assert.True(await consul.KV.PutAsync(key, Encoding.ASCII.GetBytes("signed.by.another-leader")));
        }

        Assert.True(await consul.Sessions.DestroyAsync(session));

        await Eventually.GetAsync(
            async () => (await consul.KV.GetAsync("vmmesh/leader")).Value?.Session is { } next && next != session ? next : null,
            Timeout,
            "leadership taken again with a new session");
        foreach (var key in keys)
        {
            await SignedAsync(consul, key, signerId);
        }
    }

    private Task<string> SignedAsync(ConsulClient consul, string key, string signerId)
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
                return result.IsValid && result.KeyId == signerId ? jws : null;
            },
            Timeout,
            $"{key} signed by {signerId}");
    }
}
