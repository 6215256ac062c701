using System.Net;
using VmMesh.Consul.Agent;
using VmMesh.Consul.Tests.Support;

namespace VmMesh.Consul.Tests.Agent;

public sealed class AgentEndpointTests
{
    [Fact]
    public async Task RegisterService_AlwaysReplacesChecks_PascalCaseKnownFieldsDurationsWithUnits()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Empty());

        await test.Client.Agent.RegisterServiceAsync(new AgentServiceRegistration
        {
            Id = "web-1",
            Name = "web",
            Tags = ["v1"],
            Port = 8080,
            Meta = new Dictionary<string, string> { ["vmmesh-version"] = "0.1.0" },
            Checks =
            [
                new AgentServiceCheck { CheckId = "web-1:http", Http = "http://127.0.0.1:8080/health", Interval = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromMilliseconds(500), DeregisterCriticalServiceAfter = TimeSpan.FromMinutes(10) },
                new AgentServiceCheck { CheckId = "web-1:ttl", Ttl = TimeSpan.FromSeconds(15), Status = "passing" },
            ],
        }).WaitAsync(TestClient.Timeout);

        var request = test.Handler.Requests.Single();
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/v1/agent/service/register?replace-existing-checks=true", request.PathAndQuery);
        Assert.Equal(
            """{"ID":"web-1","Name":"web","Tags":["v1"],"Port":8080,"Meta":{"vmmesh-version":"0.1.0"},"Checks":[{"CheckID":"web-1:http","HTTP":"http://127.0.0.1:8080/health","Interval":"10s","Timeout":"500ms","DeregisterCriticalServiceAfter":"10m0s"},{"CheckID":"web-1:ttl","Status":"passing","TTL":"15s"}]}""",
            request.BodyText);
    }

    [Fact]
    public async Task RegisterService_ConnectProxy_ProxyFieldsWithWireNames()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Empty());

        await test.Client.Agent.RegisterServiceAsync(new AgentServiceRegistration
        {
            Id = "web-1-sidecar-proxy",
            Name = "web-sidecar-proxy",
            Kind = "connect-proxy",
            Port = 15443,
            Proxy = new ServiceProxy
            {
                DestinationServiceName = "web",
                DestinationServiceId = "web-1",
                LocalServicePort = 8080,
                Upstreams = [new ProxyUpstream { DestinationName = "api", LocalBindPort = 9001 }],
            },
        }).WaitAsync(TestClient.Timeout);

        Assert.Equal(
            """{"ID":"web-1-sidecar-proxy","Name":"web-sidecar-proxy","Port":15443,"Kind":"connect-proxy","Proxy":{"DestinationServiceName":"web","DestinationServiceID":"web-1","LocalServicePort":8080,"Upstreams":[{"DestinationName":"api","LocalBindPort":9001}]}}""",
            test.Handler.Requests.Single().BodyText);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, DeregistrationOutcome.Deregistered)]
    [InlineData(HttpStatusCode.NotFound, DeregistrationOutcome.AlreadyGone)]
    public async Task DeregisterService_Status_Outcome(HttpStatusCode status, DeregistrationOutcome expected)
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Text(status, status == HttpStatusCode.OK ? string.Empty : "Unknown service ID \"web 1\". Ensure that the service ID is passed, not the service name."));

        var outcome = await test.Client.Agent.DeregisterServiceAsync("web 1").WaitAsync(TestClient.Timeout);

        Assert.Equal(expected, outcome);
        Assert.Equal("/v1/agent/service/deregister/web%201", test.Handler.Requests.Single().PathAndQuery);
        Assert.Equal(HttpMethod.Put, test.Handler.Requests.Single().Method);
    }

    [Fact]
    public async Task TtlVerbs_NoteEncoded_PutToVerbPath()
    {
        using var test = new TestClient();
        test.Handler.Fallback = (_, _) => Task.FromResult(Replies.Empty());

        await test.Client.Agent.PassTtlAsync("c1", "all good").WaitAsync(TestClient.Timeout);
        await test.Client.Agent.WarnTtlAsync("c1").WaitAsync(TestClient.Timeout);
        await test.Client.Agent.FailTtlAsync("c1", "down & out").WaitAsync(TestClient.Timeout);

        Assert.Equal(
            ["/v1/agent/check/pass/c1?note=all%20good", "/v1/agent/check/warn/c1", "/v1/agent/check/fail/c1?note=down%20%26%20out"],
            test.Handler.Requests.Select(r => r.PathAndQuery));
        Assert.All(test.Handler.Requests, r => Assert.Equal(HttpMethod.Put, r.Method));
    }

    [Fact]
    public async Task UpdateTtl_StatusAndOutput_JsonBody()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Empty());

        await test.Client.Agent.UpdateTtlAsync("c1", CheckStatus.Warning, "slow").WaitAsync(TestClient.Timeout);

        var request = test.Handler.Requests.Single();
        Assert.Equal("/v1/agent/check/update/c1", request.PathAndQuery);
        Assert.Equal("""{"Status":"warning","Output":"slow"}""", request.BodyText);
    }

    [Fact]
    public async Task RegisterCheck_UsesIdNotCheckId()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Empty());

        await test.Client.Agent.RegisterCheckAsync(new AgentCheckRegistration { Id = "hb", Name = "heartbeat", ServiceId = "web-1", Ttl = TimeSpan.FromSeconds(30) }).WaitAsync(TestClient.Timeout);

        Assert.Equal("""{"ID":"hb","Name":"heartbeat","ServiceID":"web-1","TTL":"30s"}""", test.Handler.Requests.Single().BodyText);
    }

    [Fact]
    public async Task Maintenance_EnableWithReason_QueryParameters()
    {
        using var test = new TestClient();
        test.Handler.Fallback = (_, _) => Task.FromResult(Replies.Empty());

        await test.Client.Agent.SetServiceMaintenanceAsync("web-1", enable: true, reason: "deploy v2").WaitAsync(TestClient.Timeout);
        await test.Client.Agent.SetNodeMaintenanceAsync(enable: false).WaitAsync(TestClient.Timeout);

        Assert.Equal(
            ["/v1/agent/service/maintenance/web-1?enable=true&reason=deploy%20v2", "/v1/agent/maintenance?enable=false"],
            test.Handler.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Services_NullCollectionsAndUnknownFields_Tolerated()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("""
            { "web-1": { "ID": "web-1", "Service": "web", "Tags": null, "Meta": null, "Port": 8080, "Address": "",
                         "Weights": {"Passing": 1, "Warning": 1}, "EnableTagOverride": false, "Datacenter": "dc1",
                         "Locality": {"Region": "x"}, "SomethingNew": [1, 2] } }
            """));

        var services = await test.Client.Agent.ServicesAsync("Service == \"web\"").WaitAsync(TestClient.Timeout);

        var web = services["web-1"];
        Assert.Equal("web", web.Service);
        Assert.Empty(web.Tags);
        Assert.Empty(web.Meta);
        Assert.Equal(8080, web.Port);
        Assert.Equal("/v1/agent/services?filter=Service%20%3D%3D%20%22web%22", test.Handler.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task Service_HashBlocking_SendsHashAndWaitAndReadsContentHash()
    {
        using var test = new TestClient(datacenter: "dc1");
        test.Handler.Enqueue(() =>
        {
            var response = Replies.Json("""{"ID":"web-1","Service":"web","ContentHash":"4e1b5a0c"}""");
            response.Headers.TryAddWithoutValidation("X-Consul-Contenthash", "4e1b5a0c");
            return response;
        });

        var result = await test.Client.Agent.ServiceAsync("web-1", new QueryOptions { Hash = "0000", Wait = TimeSpan.FromSeconds(20) }).WaitAsync(TestClient.Timeout);

        Assert.Equal("/v1/agent/service/web-1?hash=0000&wait=20000ms", test.Handler.Requests.Single().PathAndQuery);
        Assert.Equal("4e1b5a0c", result.Meta.ContentHash);
        Assert.Equal("4e1b5a0c", result.Value.ContentHash);
    }

    [Fact]
    public async Task Self_StablePart_Parsed()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("""
            { "Config": { "Datacenter": "dc1", "NodeName": "node-a", "NodeID": "5c0a", "Server": true, "Version": "1.21.4" },
              "Member": { "Name": "node-a", "Addr": "10.0.0.5", "Port": 8301, "Tags": {"role": "consul"}, "Status": 1 },
              "Meta": { "consul-network-segment": "" }, "Coord": null, "Stats": {}, "DebugConfig": {"Huge": true} }
            """));

        var self = await test.Client.Agent.SelfAsync().WaitAsync(TestClient.Timeout);

        Assert.Equal("node-a", self.Config.NodeName);
        Assert.Equal("5c0a", self.Config.NodeId);
        Assert.True(self.Config.Server);
        Assert.Equal(1, self.Member.Status);
        Assert.Equal("consul", self.Member.Tags["role"]);
    }

    [Fact]
    public async Task CheckId_ColonAndAt_KeptReadableOtherCharactersEscaped()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Empty());

        await test.Client.Agent.PassTtlAsync("service:web@1/x y").WaitAsync(TestClient.Timeout);

        Assert.Equal("/v1/agent/check/pass/service:web@1%2Fx%20y", test.Handler.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task ServiceId_Empty_ArgumentExceptionNamesFix()
    {
        using var test = new TestClient();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => test.Client.Agent.DeregisterServiceAsync(" "));

        Assert.Equal("serviceId is empty; pass the serviceId Consul should act on. (Parameter 'serviceId')", error.Message);
        Assert.Equal(0, test.Handler.Count);
    }
}
