using System.Net;
using VmMesh.Consul.Agent;
using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.Health;

namespace VmMesh.Consul.ContractTests.Client;

/// <summary>Typed-client scenarios for agent registration, TTL checks and health watches.</summary>
[Collection(ConsulCollection.Name)]
public sealed class AgentClientTests(ConsulFixture fixture) : IAsyncLifetime
{
    private readonly ClientScope _scope = new(fixture);

    private ConsulClient Client => _scope.Client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    [Fact]
    public async Task RegisterWithPassingTtl_HealthWatchPassing_SeesInstance()
    {
        var id = _scope.Service("client-web");
        using var stop = new CancellationTokenSource();
        await Client.Agent.RegisterServiceAsync(new AgentServiceRegistration
        {
            Id = id,
            Name = id,
            Port = 8080,
            Tags = ["v1"],
            Meta = new Dictionary<string, string> { ["vmmesh-version"] = "0.1.0" },
            Check = new AgentServiceCheck { CheckId = id + ":ttl", Ttl = TimeSpan.FromMinutes(5), Status = HealthStatuses.Passing },
        }).WaitAsync(ClientScope.Timeout);

        var seen = await WatchReader.FirstAsync(
            Client.Health.WatchService(id, new HealthQuery { PassingOnly = true }, stop.Token),
            result => result.Value.Count == 1,
            stop,
            "the registered instance is passing");

        var entry = seen.Value[0];
        Assert.Equal(id, entry.Service.Id);
        Assert.Equal(["v1"], entry.Service.Tags);
        Assert.Equal("0.1.0", entry.Service.Meta["vmmesh-version"]);
        Assert.Contains(entry.Checks, c => c.CheckId == "serfHealth");
        Assert.True(seen.Meta.LastIndex.Value >= 1);
    }

    [Fact]
    public async Task TtlFailThenPass_PassingWatch_DropsAndReturnsInstance()
    {
        var id = _scope.Service("client-ttl");
        var check = id + ":ttl";
        await Client.Agent.RegisterServiceAsync(new AgentServiceRegistration
        {
            Id = id,
            Name = id,
            Check = new AgentServiceCheck { CheckId = check, Ttl = TimeSpan.FromMinutes(5), Status = HealthStatuses.Passing },
        }).WaitAsync(ClientScope.Timeout);
        using var stop = new CancellationTokenSource();
        var watch = Client.Health.WatchService(id, new HealthQuery { PassingOnly = true }, stop.Token).GetAsyncEnumerator(CancellationToken.None);

        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(ClientScope.Timeout));
        if (watch.Current.Value.Count == 0)
        {
            Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(ClientScope.Timeout));
        }

        Assert.Single(watch.Current.Value);
        await Client.Agent.FailTtlAsync(check, "database down").WaitAsync(ClientScope.Timeout);
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(ClientScope.Timeout));
        Assert.Empty(watch.Current.Value);

        await Client.Agent.UpdateTtlAsync(check, CheckStatus.Passing, "recovered").WaitAsync(ClientScope.Timeout);
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(ClientScope.Timeout));
        var entry = Assert.Single(watch.Current.Value);
        Assert.Equal("recovered", entry.Checks.Single(c => c.CheckId == check).Output);
        await stop.CancelAsync();
        await watch.DisposeAsync();
    }

    [Fact]
    public async Task DeregisterUnknown_AlreadyGone()
    {
        var outcome = await Client.Agent.DeregisterServiceAsync(ConsulFixture.UniqueName("client-none")).WaitAsync(ClientScope.Timeout);

        Assert.Equal(DeregistrationOutcome.AlreadyGone, outcome);
    }

    [Fact]
    public async Task RegisterThenDeregister_Deregistered_AndGoneFromAgent()
    {
        var id = _scope.Service("client-dereg");
        await Client.Agent.RegisterServiceAsync(new AgentServiceRegistration { Id = id, Name = id, Port = 1 }).WaitAsync(ClientScope.Timeout);
        Assert.Contains(id, (await Client.Agent.ServicesAsync().WaitAsync(ClientScope.Timeout)).Keys);

        var outcome = await Client.Agent.DeregisterServiceAsync(id).WaitAsync(ClientScope.Timeout);

        Assert.Equal(DeregistrationOutcome.Deregistered, outcome);
        Assert.DoesNotContain(id, (await Client.Agent.ServicesAsync().WaitAsync(ClientScope.Timeout)).Keys);
    }

    [Fact]
    public async Task UpdateUnknownCheck_ConsulException404()
    {
        var check = ConsulFixture.UniqueName("client-nocheck");

        var error = await Assert.ThrowsAsync<ConsulException>(() => Client.Agent.UpdateTtlAsync(check, CheckStatus.Passing).WaitAsync(ClientScope.Timeout));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains($"Unknown check ID \"{check}\". Ensure that the check ID is passed, not the check name.", error.Body, StringComparison.Ordinal);
        Assert.StartsWith("Unexpected response code: 404 (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PassOnHttpCheck_500NoTtl_Typed()
    {
        var id = _scope.Service("client-http");
        await Client.Agent.RegisterServiceAsync(new AgentServiceRegistration
        {
            Id = id,
            Name = id,
            Check = new AgentServiceCheck { CheckId = id + ":http", Http = "http://127.0.0.1:1/health", Interval = TimeSpan.FromSeconds(30) },
        }).WaitAsync(ClientScope.Timeout);

        var error = await Assert.ThrowsAsync<ConsulException>(() => Client.Agent.PassTtlAsync(id + ":http").WaitAsync(ClientScope.Timeout));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.True(error.BodyContains($"CheckID \"{id}:http\" does not have associated TTL"), error.Body);
    }

    [Fact]
    public async Task AgentService_HashBlocking_WakesOnChangeWithNewHash()
    {
        var id = _scope.Service("client-hash");
        await Client.Agent.RegisterServiceAsync(new AgentServiceRegistration { Id = id, Name = id, Tags = ["a"] }).WaitAsync(ClientScope.Timeout);
        var first = await Client.Agent.ServiceAsync(id).WaitAsync(ClientScope.Timeout);
        Assert.False(string.IsNullOrEmpty(first.Value.ContentHash));

        var blocked = Client.Agent.ServiceAsync(id, new QueryOptions { Hash = first.Value.ContentHash, Wait = TimeSpan.FromSeconds(20) });
        await Client.Agent.RegisterServiceAsync(new AgentServiceRegistration { Id = id, Name = id, Tags = ["b"] }).WaitAsync(ClientScope.Timeout);
        var second = await blocked.WaitAsync(ClientScope.Timeout);

        Assert.Equal(["b"], second.Value.Tags);
        Assert.NotEqual(first.Value.ContentHash, second.Value.ContentHash);
    }

    [Fact]
    public async Task ServiceMaintenance_EnableThenDisable_PassingFollows()
    {
        var id = _scope.Service("client-maint");
        await Client.Agent.RegisterServiceAsync(new AgentServiceRegistration
        {
            Id = id,
            Name = id,
            Check = new AgentServiceCheck { CheckId = id + ":ttl", Ttl = TimeSpan.FromMinutes(5), Status = HealthStatuses.Passing },
        }).WaitAsync(ClientScope.Timeout);

        await Client.Agent.SetServiceMaintenanceAsync(id, enable: true, reason: "deploy").WaitAsync(ClientScope.Timeout);
        var during = await Client.Health.ServiceAsync(id).WaitAsync(ClientScope.Timeout);
        await Client.Agent.SetServiceMaintenanceAsync(id, enable: false).WaitAsync(ClientScope.Timeout);
        var after = await Client.Health.ServiceAsync(id, new HealthQuery { PassingOnly = true }).WaitAsync(ClientScope.Timeout);

        var maintenance = Assert.Single(during.Value).Checks.Single(c => c.CheckId == "_service_maintenance:" + id);
        Assert.Equal(HealthStatuses.Critical, maintenance.Status);
        Assert.Equal("deploy", maintenance.Notes);
        Assert.Single(after.Value);
    }

    [Fact]
    public async Task SelfCatalogAndStatus_DescribeTheAgent()
    {
        var id = _scope.Service("client-cat");
        await Client.Agent.RegisterServiceAsync(new AgentServiceRegistration { Id = id, Name = id, Tags = ["t1"], Port = 9 }).WaitAsync(ClientScope.Timeout);

        var self = await Client.Agent.SelfAsync().WaitAsync(ClientScope.Timeout);
        var services = await Client.Catalog.ServicesAsync().WaitAsync(ClientScope.Timeout);
        var rows = await Client.Catalog.ServiceAsync(id).WaitAsync(ClientScope.Timeout);
        var nodes = await Client.Catalog.NodesAsync().WaitAsync(ClientScope.Timeout);
        var datacenters = await Client.Catalog.DatacentersAsync().WaitAsync(ClientScope.Timeout);
        var leader = await Client.Status.LeaderAsync().WaitAsync(ClientScope.Timeout);

        Assert.False(string.IsNullOrEmpty(self.Config.NodeName));
        Assert.Contains(self.Config.Datacenter, datacenters);
        Assert.Equal(["t1"], services.Value[id]);
        var row = Assert.Single(rows.Value);
        Assert.Equal(9, row.ServicePort);
        Assert.Equal(self.Config.NodeName, row.Node);
        Assert.Contains(nodes.Value, n => n.Name == self.Config.NodeName);
        Assert.False(string.IsNullOrEmpty(leader));
    }
}
