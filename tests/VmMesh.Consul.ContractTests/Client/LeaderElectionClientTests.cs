using System.Text;
using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.Locks;

namespace VmMesh.Consul.ContractTests.Client;

/// <summary>
/// Two <see cref="ConsulLeaderElection"/> candidates on separate clients: exactly one leads; when its session dies the
/// other takes over (after lock-delay) and the leader's lease reports the loss; the fencing token rises.
/// </summary>
[Collection(ConsulCollection.Name)]
public sealed class LeaderElectionClientTests(ConsulFixture fixture) : IAsyncLifetime
{
    private readonly ClientScope _scope = new(fixture);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    [Fact]
    public async Task TwoCandidates_DestroyLeaderSession_HandsOverWithRisingFencingToken()
    {
        var key = _scope.Prefix("client-elect") + "leader";
        using var alphaClient = _scope.CreateClient();
        using var betaClient = _scope.CreateClient();
        var alpha = new ConsulLeaderElection(alphaClient, Options(key, "alpha"));
        var beta = new ConsulLeaderElection(betaClient, Options(key, "beta"));

        var alphaLease = await alpha.AcquireAsync().WaitAsync(ClientScope.Timeout);
        using var stopBeta = new CancellationTokenSource();
        var betaAcquire = beta.AcquireAsync(stopBeta.Token);
        var holder = (await _scope.Client.KV.GetAsync(key).WaitAsync(ClientScope.Timeout)).Value!;
        Assert.Equal(alphaLease.SessionId, holder.Session);
        Assert.Equal("alpha", Encoding.UTF8.GetString(holder.Value!));
        Assert.False(betaAcquire.IsCompleted, "the second candidate must wait while the first leads");

        Assert.True(await _scope.Client.Sessions.DestroyAsync(alphaLease.SessionId).WaitAsync(ClientScope.Timeout));

        await using var betaLease = await betaAcquire.WaitAsync(ClientScope.Timeout);
        await WaitForAsync(alphaLease.Lost);
        Assert.True(betaLease.FencingToken > alphaLease.FencingToken, $"fencing token must rise ({alphaLease.FencingToken} → {betaLease.FencingToken})");
        Assert.Equal("beta", Encoding.UTF8.GetString((await _scope.Client.KV.GetRawAsync(key).WaitAsync(ClientScope.Timeout)).Value!));
        Assert.False(betaLease.Lost.IsCancellationRequested);
        await alphaLease.ReleaseAsync();
    }

    [Fact]
    public async Task Leader_ReleasesVoluntarily_OtherCandidateLeads()
    {
        var key = _scope.Prefix("client-stepdown") + "leader";
        using var alphaClient = _scope.CreateClient();
        using var betaClient = _scope.CreateClient();
        var alphaLease = await new ConsulLeaderElection(alphaClient, Options(key, "alpha")).AcquireAsync().WaitAsync(ClientScope.Timeout);
        var betaAcquire = new ConsulLeaderElection(betaClient, Options(key, "beta")).AcquireAsync();

        await alphaLease.ReleaseAsync().AsTask().WaitAsync(ClientScope.Timeout);
        await using var betaLease = await betaAcquire.WaitAsync(ClientScope.Timeout);

        Assert.True(alphaLease.Lost.IsCancellationRequested);
        Assert.Equal("released", alphaLease.LostReason);
        Assert.Equal(betaLease.SessionId, (await _scope.Client.KV.GetAsync(key).WaitAsync(ClientScope.Timeout)).Value!.Session);
        Assert.Null((await _scope.Client.Sessions.InfoAsync(alphaLease.SessionId).WaitAsync(ClientScope.Timeout)).Value);
    }

    [Fact]
    public async Task Leader_KeyDeleted_LostFires()
    {
        var key = _scope.Prefix("client-keygone") + "leader";
        using var client = _scope.CreateClient();
        await using var lease = await new ConsulLeaderElection(client, Options(key, "solo")).AcquireAsync().WaitAsync(ClientScope.Timeout);

        Assert.True(await _scope.Client.KV.DeleteAsync(key).WaitAsync(ClientScope.Timeout));

        await WaitForAsync(lease.Lost);
        Assert.Equal("the lock key was deleted", lease.LostReason);
    }

    [Fact]
    public async Task Leaderships_LeaseLost_CompetesAgainAndLeadsWithNewSession()
    {
        var key = _scope.Prefix("client-again") + "leader";
        using var client = _scope.CreateClient();
        using var stop = new CancellationTokenSource();
        var leaderships = new ConsulLeaderElection(client, Options(key, "solo")).LeadershipsAsync(stop.Token).GetAsyncEnumerator(CancellationToken.None);

        Assert.True(await leaderships.MoveNextAsync().AsTask().WaitAsync(ClientScope.Timeout));
        var first = leaderships.Current;
        Assert.True(await _scope.Client.Sessions.DestroyAsync(first.SessionId).WaitAsync(ClientScope.Timeout));
        Assert.True(await leaderships.MoveNextAsync().AsTask().WaitAsync(ClientScope.Timeout));
        var second = leaderships.Current;

        Assert.True(first.Lost.IsCancellationRequested);
        Assert.NotEqual(first.SessionId, second.SessionId);
        Assert.True(second.FencingToken > first.FencingToken, $"fencing token must rise ({first.FencingToken} → {second.FencingToken})");
        await stop.CancelAsync();
        Assert.False(await leaderships.MoveNextAsync().AsTask().WaitAsync(ClientScope.Timeout));
        Assert.True(second.Lost.IsCancellationRequested);
        await leaderships.DisposeAsync();
    }

    private LeaderElectionOptions Options(string key, string identity) => new()
    {
        Key = key,
        Value = Encoding.UTF8.GetBytes(identity),
        SessionName = key,
        SessionTtl = _scope.SessionTtl,
        LockDelay = TimeSpan.FromSeconds(1),
        RetryDelay = TimeSpan.FromMilliseconds(500),
        MonitorWait = TimeSpan.FromSeconds(10),
    };

    private static async Task WaitForAsync(CancellationToken token)
    {
        var fired = new TaskCompletionSource();
        using var registration = token.Register(() => fired.TrySetResult());
        await fired.Task.WaitAsync(ClientScope.Timeout);
    }
}
