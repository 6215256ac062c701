using VmMesh.Consul.Health;
using VmMesh.Consul.Tests.Support;

namespace VmMesh.Consul.Tests.Http;

public sealed class QueryEncodingTests
{
    [Fact]
    public async Task HealthService_PassingTagsAndFilter_EncodedInOrder()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("[]", 3));

        await test.Client.Health.ServiceAsync(
            "api",
            new HealthQuery { PassingOnly = true, Tags = ["v1", "blue green"], Filter = "Service.Meta.version == \"v1\"" })
            .WaitAsync(TestClient.Timeout);

        Assert.Equal(
            "/v1/health/service/api?tag=v1&tag=blue%20green&passing&filter=Service.Meta.version%20%3D%3D%20%22v1%22",
            test.Handler.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task BlockingRead_IndexAndWait_SentWithMillisecondUnit()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("[]", 43));

        await test.Client.Health.ServiceAsync("api", options: new QueryOptions { Index = new ConsulIndex(42), Wait = TimeSpan.FromSeconds(30) })
            .WaitAsync(TestClient.Timeout);

        Assert.Equal("/v1/health/service/api?index=42&wait=30000ms", test.Handler.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task BlockingRead_WaitAboveTenMinutes_CappedAtTenMinutes()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("[]", 8));

        await test.Client.Catalog.NodesAsync(new QueryOptions { Index = new ConsulIndex(7), Wait = TimeSpan.FromHours(1) }).WaitAsync(TestClient.Timeout);

        Assert.Equal("600000ms", test.Handler.Requests.Single().Query("wait"));
    }

    [Fact]
    public async Task BlockingRead_NoWaitGiven_UsesDefaultFiveMinutes()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("[]", 8));

        await test.Client.Catalog.NodesAsync(new QueryOptions { Index = new ConsulIndex(7) }).WaitAsync(TestClient.Timeout);

        Assert.Equal("300000ms", test.Handler.Requests.Single().Query("wait"));
    }

    [Fact]
    public async Task NonBlockingRead_NoIndexNoWait()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("[]", 8));

        await test.Client.Catalog.NodesAsync(new QueryOptions { Wait = TimeSpan.FromSeconds(5) }).WaitAsync(TestClient.Timeout);

        Assert.Equal("/v1/catalog/nodes", test.Handler.Requests.Single().PathAndQuery);
    }

    [Theory]
    [InlineData(ConsistencyMode.Stale, "/v1/catalog/nodes?stale")]
    [InlineData(ConsistencyMode.Consistent, "/v1/catalog/nodes?consistent")]
    [InlineData(ConsistencyMode.Default, "/v1/catalog/nodes")]
    public async Task Consistency_Mode_SentAsPresenceFlag(ConsistencyMode mode, string expected)
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("[]", 8));

        await test.Client.Catalog.NodesAsync(new QueryOptions { Consistency = mode }).WaitAsync(TestClient.Timeout);

        Assert.Equal(expected, test.Handler.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task Datacenter_FromOptions_SentOnReadsAndKvWrites()
    {
        using var test = new TestClient(datacenter: "dc2");
        test.Handler.Enqueue(() => Replies.Json("[]", 8)).Enqueue(Replies.True);

        await test.Client.Catalog.NodesAsync().WaitAsync(TestClient.Timeout);
        await test.Client.KV.PutAsync("a", "v"u8.ToArray()).WaitAsync(TestClient.Timeout);

        Assert.Equal(["/v1/catalog/nodes?dc=dc2", "/v1/kv/a?dc=dc2"], test.Handler.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Token_Configured_SentOnlyAsHeader()
    {
        using var test = new TestClient(token: "s3cr3t-token");
        test.Handler.Enqueue(() => Replies.Json("[]", 8)).Enqueue(Replies.True);

        await test.Client.Health.ServiceAsync("api").WaitAsync(TestClient.Timeout);
        await test.Client.KV.PutAsync("k", "v"u8.ToArray()).WaitAsync(TestClient.Timeout);

        Assert.All(test.Handler.Requests, request =>
        {
            Assert.Equal("s3cr3t-token", request.Header("X-Consul-Token"));
            Assert.DoesNotContain("s3cr3t", request.Uri.ToString(), StringComparison.Ordinal);
            Assert.Null(request.Query("token"));
        });
    }

    [Fact]
    public async Task Token_NotConfigured_NoHeader()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("\"10.0.0.5:8300\""));

        var leader = await test.Client.Status.LeaderAsync().WaitAsync(TestClient.Timeout);

        Assert.Equal("10.0.0.5:8300", leader);
        Assert.Null(test.Handler.Requests.Single().Header("X-Consul-Token"));
    }

    [Fact]
    public void ClientOptions_ToString_DoesNotRevealToken()
    {
        var options = new ConsulClientOptions { Token = "s3cr3t-token" };

        Assert.DoesNotContain("s3cr3t", options.ToString(), StringComparison.Ordinal);
    }
}
