using Microsoft.Extensions.Logging.Abstractions;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Keys;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Signing;
using VmMesh.Identity.Spiffe;
using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Model;
using VmMesh.Policy.Shards;
using VmMesh.Sidecar.Authorization;
using VmMesh.Sidecar.Identity;
using VmMesh.Sidecar.Tests.Support;

namespace VmMesh.Sidecar.Tests.Authorization;

public sealed class IntentionShardsTests : IDisposable
{
    private readonly TestCa _ca = new();
    private readonly TempDirectory _data = new();
    private readonly CertificateStore _certificates = new();
    private readonly IntentionStore _store = new();
    private readonly JwsSigner _policyServer;

    public IntentionShardsTests()
    {
        var web = _ca.IssueWithKey("web");
        var from = new DateTimeOffset(web.NotBefore).ToUniversalTime();
        var to = new DateTimeOffset(web.NotAfter).ToUniversalTime();
        _certificates.Publish(new IdentitySnapshot(_ca.IdOf("web"), web, _ca.Bundle, from, to, RenewalSchedule.Next(from, to, new Random(1)), 1));
        _policyServer = new JwsSigner(Issue(SpiffeId.PolicyServer(_ca.Domain)));
    }

    public void Dispose()
    {
        _policyServer.Dispose();
        _data.Dispose();
        _ca.Dispose();
    }

    [Fact]
    public void Offer_SignedByPolicyServer_PublishesSet()
    {
        var shards = Create();

        Assert.True(shards.Offer("web", Shard(_policyServer, 3, ("api", IntentionAction.Allow)), "test"));

        Assert.Equal(3, _store.Current.Version.Value);
        Assert.True(Allowed("api"));
        Assert.False(Allowed("inventory"));
        Assert.Equal(new IntentionStatus(3, null, null), shards.Status);
    }

    [Fact]
    public void Offer_OwnAndWildcard_Combined()
    {
        var shards = Create();

        shards.Offer("web", Shard(_policyServer, 3, ("api", IntentionAction.Allow)), "test");
        shards.Offer("*", Shard(_policyServer, 4, ("inventory", IntentionAction.Allow), destination: "*"), "test");

        Assert.True(Allowed("api"));
        Assert.True(Allowed("inventory"));
        Assert.Equal(4, shards.Status.ActiveVersion);
    }

    [Fact]
    public void Offer_SignedByAService_RejectedAndHeldKept()
    {
        var shards = Create();
        shards.Offer("web", Shard(_policyServer, 3, ("api", IntentionAction.Allow)), "test");
        using var impostor = new JwsSigner(Issue(_ca.IdOf("api")));

        Assert.False(shards.Offer("web", Shard(impostor, 9, ("inventory", IntentionAction.Allow)), "Consul KV"));

        Assert.False(Allowed("inventory"));
        Assert.Equal(3, shards.Status.ActiveVersion);
        Assert.StartsWith("shard for 'web' from Consul KV: signature not accepted: ", shards.Status.LastRejection, StringComparison.Ordinal);
        Assert.Equal(TestCa.Start, shards.Status.LastRejectionAt);
    }

    [Fact]
    public void Offer_LowerVersion_Rejected()
    {
        var shards = Create();
        shards.Offer("web", Shard(_policyServer, 5, ("api", IntentionAction.Deny)), "test");

        Assert.False(shards.Offer("web", Shard(_policyServer, 4, ("api", IntentionAction.Allow)), "Consul KV"));

        Assert.False(Allowed("api"));
        Assert.Equal("shard for 'web' from Consul KV: version 4 is lower than the held version 5; a replayed or stale shard is ignored", shards.Status.LastRejection);
    }

    [Fact]
    public void Offer_ShardForAnotherDestination_Rejected()
    {
        var shards = Create();

        Assert.False(shards.Offer("web", Shard(_policyServer, 5, ("api", IntentionAction.Allow), destination: "billing"), "Consul KV"));

        Assert.StartsWith("shard for 'web' from Consul KV: shard not accepted: ", shards.Status.LastRejection, StringComparison.Ordinal);
        Assert.False(Allowed("api"));
    }

    [Fact]
    public void Offer_TamperedPayload_Rejected()
    {
        var shards = Create();
        var jws = Shard(_policyServer, 5, ("api", IntentionAction.Deny));
        var parts = jws.Split('.');
        var tampered = Shard(_policyServer, 5, ("api", IntentionAction.Allow)).Split('.')[1];

        Assert.False(shards.Offer("web", $"{parts[0]}.{tampered}.{parts[2]}", "Consul KV"));

        Assert.False(Allowed("api"));
    }

    [Fact]
    public void LoadCache_AcceptedShardsSurviveRestart()
    {
        Create().Offer("web", Shard(_policyServer, 7, ("api", IntentionAction.Allow)), "test");
        var restartedStore = new IntentionStore();
        var restarted = new IntentionShards(ServiceName.Parse("web"), _certificates, restartedStore, new IntentionCache(_data.Path), _ca.Time, NullLogger<IntentionShards>.Instance);

        restarted.LoadCache();

        Assert.Equal(7, restartedStore.Current.Version.Value);
        Assert.Equal(7, restarted.Status.ActiveVersion);
    }

    [Fact]
    public async Task Watcher_ShardWrittenToConsulKv_Applied()
    {
        await using var consul = await VmMesh.Consul.Dev.DevConsulServer.StartAsync(new VmMesh.Consul.Dev.DevConsulOptions { Port = 0 }).WaitAsync(TimeSpan.FromSeconds(30));
        using var client = new VmMesh.Consul.ConsulClient(new VmMesh.Consul.ConsulClientOptions { Address = consul.Address });
        var shards = Create();
        using var stop = new CancellationTokenSource();
        var watcher = new IntentionWatcher(client, shards, NullLogger<IntentionWatcher>.Instance).RunAsync(stop.Token);

        await client.KV.PutAsync("vmmesh/intentions/shards/web", System.Text.Encoding.UTF8.GetBytes(Shard(_policyServer, 2, ("api", IntentionAction.Allow)))).WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => shards.Status.ActiveVersion == 2, "the shard from KV is applied");
        await client.KV.PutAsync("vmmesh/intentions/shards/_wildcard", System.Text.Encoding.UTF8.GetBytes(Shard(_policyServer, 3, ("inventory", IntentionAction.Allow), destination: "*"))).WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => shards.Status.ActiveVersion == 3, "the wildcard shard from KV is applied");

        Assert.True(Allowed("api"));
        Assert.True(Allowed("inventory"));
        await stop.CancelAsync();
        await watcher.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private IntentionShards Create() =>
        new(ServiceName.Parse("web"), _certificates, _store, new IntentionCache(_data.Path), _ca.Time, NullLogger<IntentionShards>.Instance);

    private bool Allowed(string source) =>
        _store.Current.Evaluate(new IntentionRequest(source, "web", "GET", "/")).Allowed;

    private static string Shard(JwsSigner signer, long version, (string Source, IntentionAction Action) rule, string destination = "web")
    {
        var set = IntentionSet.Create(
            [new IntentionDocument(destination, [new IntentionSource(rule.Source, rule.Action)])],
            MeshDefaults.DenyByDefault,
            new IntentionVersion(version)).GetValueOrThrow();
        return signer.Sign(ShardCompiler.CompileFor(set, destination));
    }

    private System.Security.Cryptography.X509Certificates.X509Certificate2 Issue(SpiffeId id)
    {
        using var key = MeshKey.Create();
        using var leaf = _ca.Authority.Issue(new LeafRequest(SigningRequestBuilder.CreatePem(key, id), id));
        return CertificateCredential.Combine(leaf, key);
    }
}
