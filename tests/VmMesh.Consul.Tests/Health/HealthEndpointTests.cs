using VmMesh.Consul.Health;
using VmMesh.Consul.Tests.Support;

namespace VmMesh.Consul.Tests.Health;

public sealed class HealthEndpointTests
{
    // §4.1's composed example, with fields our models do not know (Proxy.MeshGateway, Definition, PeerName).
    private const string ServiceEntries = """
        [ {
          "Node": { "ID": "5c0a4b3e-0000-4000-8000-000000000001", "Node": "node-a", "Address": "10.0.0.5", "Datacenter": "dc1",
                    "TaggedAddresses": { "lan": "10.0.0.5", "wan": "10.0.0.5" },
                    "Meta": { "consul-network-segment": "", "consul-version": "1.21.4" }, "CreateIndex": 12, "ModifyIndex": 12 },
          "Service": { "ID": "orders-1", "Service": "orders", "Tags": ["v1"], "Address": "",
                       "TaggedAddresses": { "lan_ipv4": {"Address": "10.0.0.5", "Port": 8080} },
                       "Meta": null, "Port": 8080, "Weights": {"Passing": 1, "Warning": 1},
                       "EnableTagOverride": false, "Proxy": {"Mode": "", "MeshGateway": {}, "Expose": {}}, "Connect": {},
                       "PeerName": "", "CreateIndex": 40, "ModifyIndex": 40 },
          "Checks": [
            { "Node": "node-a", "CheckID": "serfHealth", "Name": "Serf Health Status", "Status": "passing", "Notes": "",
              "Output": "Agent alive and reachable", "ServiceID": "", "ServiceName": "", "ServiceTags": [], "Type": "",
              "Interval": "", "Timeout": "", "ExposedPort": 0, "Definition": {}, "CreateIndex": 12, "ModifyIndex": 12 },
            { "Node": "node-a", "CheckID": "orders-1:http", "Name": "HTTP /healthz", "Status": "warning", "Notes": "",
              "Output": "HTTP GET ...: 429", "ServiceID": "orders-1", "ServiceName": "orders", "ServiceTags": null,
              "Type": "http", "Interval": "10s", "Timeout": "2s", "CreateIndex": 40, "ModifyIndex": 44 } ]
        } ]
        """;

    [Fact]
    public async Task Service_RealShape_ParsedWithNodeChecksAndNullMeta()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json(ServiceEntries, 44));

        var result = await test.Client.Health.ServiceAsync("orders").WaitAsync(TestClient.Timeout);

        var entry = Assert.Single(result.Value);
        Assert.Equal("node-a", entry.Node.Name);
        Assert.Equal("orders-1", entry.Service.Id);
        Assert.Empty(entry.Service.Meta);
        Assert.Equal(8080, entry.Service.TaggedAddresses["lan_ipv4"].Port);
        Assert.Equal("10.0.0.5", entry.DialAddress);
        Assert.Equal(["serfHealth", "orders-1:http"], entry.Checks.Select(c => c.CheckId));
        Assert.Equal(HealthStatuses.Warning, entry.Checks[1].Status);
        Assert.Empty(entry.Checks[1].ServiceTags);
        Assert.Equal(new ConsulIndex(44), entry.Checks[1].ModifyIndex);
        Assert.Equal(new ConsulIndex(44), result.Meta.LastIndex);
    }

    [Fact]
    public async Task Connect_Path_HealthConnect()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("null", 9));

        var result = await test.Client.Health.ConnectAsync("orders", new HealthQuery { PassingOnly = true }).WaitAsync(TestClient.Timeout);

        Assert.Empty(result.Value);
        Assert.Equal("/v1/health/connect/orders?passing", test.Handler.Requests.Single().PathAndQuery);
    }

    [Theory]
    [InlineData(HealthState.Any, "/v1/health/state/any")]
    [InlineData(HealthState.Critical, "/v1/health/state/critical")]
    public async Task State_Path(HealthState state, string path)
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("[]", 9));

        await test.Client.Health.StateAsync(state).WaitAsync(TestClient.Timeout);

        Assert.Equal(path, test.Handler.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task Checks_Path_HealthChecks()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("""[{"CheckID":"c","Status":"critical"}]""", 9));

        var result = await test.Client.Health.ChecksAsync("orders").WaitAsync(TestClient.Timeout);

        Assert.Equal("critical", Assert.Single(result.Value).Status);
        Assert.Equal("/v1/health/checks/orders", test.Handler.Requests.Single().PathAndQuery);
    }
}
