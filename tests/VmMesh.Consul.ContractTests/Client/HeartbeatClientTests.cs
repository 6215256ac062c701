using VmMesh.Consul.Agent;
using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.Health;

namespace VmMesh.Consul.ContractTests.Client;

/// <summary>The TTL heartbeat against a live agent: it registers, keeps the check at the probe's status, and recovers when the service vanishes.</summary>
[Collection(ConsulCollection.Name)]
public sealed class HeartbeatClientTests(ConsulFixture fixture) : IAsyncLifetime
{
    private readonly ClientScope _scope = new(fixture);

    private ConsulClient Client => _scope.Client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    [Fact]
    public async Task Heartbeat_ProbeStatusAndDeregistration_HealthFollowsAndServiceReturns()
    {
        var id = _scope.Service("client-beat");
        var check = id + ":ttl";
        var status = CheckStatus.Passing;
        var registration = new AgentServiceRegistration
        {
            Id = id,
            Name = id,
            Check = new AgentServiceCheck { CheckId = check, Ttl = TimeSpan.FromSeconds(30) },
        };
        using var stop = new CancellationTokenSource();
        var heartbeat = new TtlHeartbeat(Client, registration, check, TimeSpan.FromSeconds(3), _ => Task.FromResult(new HeartbeatReport(status, $"probe says {status}")));
        var run = heartbeat.RunAsync(stop.Token);

        await UntilAsync(id, entries => entries.Count == 1 && entries[0].Checks.Any(c => c.CheckId == check && c.Status == HealthStatuses.Passing), "the heartbeat makes the instance passing");
        status = CheckStatus.Critical;
        await UntilAsync(id, entries => entries.Count == 1 && entries[0].Checks.Any(c => c.CheckId == check && c.Output == "probe says Critical"), "the heartbeat reports critical");
        status = CheckStatus.Passing;
        Assert.Equal(DeregistrationOutcome.Deregistered, await Client.Agent.DeregisterServiceAsync(id).WaitAsync(ClientScope.Timeout));
        await UntilAsync(id, entries => entries.Count == 1 && entries[0].Checks.Any(c => c.CheckId == check && c.Status == HealthStatuses.Passing), "the heartbeat registers the service again");

        await stop.CancelAsync();
        await run.WaitAsync(ClientScope.Timeout);
    }

    private async Task UntilAsync(string service, Func<IReadOnlyList<ServiceEntry>, bool> condition, string what)
    {
        using var stop = new CancellationTokenSource();
        await WatchReader.FirstAsync(Client.Health.WatchService(service, cancellationToken: stop.Token), result => condition(result.Value), stop, what);
    }
}
