using System.Net;
using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.Sessions;

namespace VmMesh.Consul.ContractTests.Client;

/// <summary>Typed-client scenarios for sessions and session locks on KV keys.</summary>
[Collection(ConsulCollection.Name)]
public sealed class SessionClientTests(ConsulFixture fixture) : IAsyncLifetime
{
    private readonly ClientScope _scope = new(fixture);

    private ConsulClient Client => _scope.Client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    [Fact]
    public async Task CreateInfoRenewDestroy_Lifecycle()
    {
        var name = ConsulFixture.UniqueName("client-session");
        var id = await Client.Sessions.CreateAsync(new SessionCreateRequest
        {
            Name = name,
            Ttl = _scope.SessionTtl,
            LockDelay = TimeSpan.FromSeconds(3),
            Behavior = SessionBehavior.Delete,
            NodeChecks = [],
        }).WaitAsync(ClientScope.Timeout);
        _scope.TrackSession(id);

        var info = (await Client.Sessions.InfoAsync(id).WaitAsync(ClientScope.Timeout)).Value!;
        var renewal = await Client.Sessions.RenewAsync(id).WaitAsync(ClientScope.Timeout);
        var listed = await Client.Sessions.ListAsync().WaitAsync(ClientScope.Timeout);
        Assert.True(await Client.Sessions.DestroyAsync(id).WaitAsync(ClientScope.Timeout));
        var afterDestroy = await Client.Sessions.RenewAsync(id).WaitAsync(ClientScope.Timeout);
        var infoAfter = await Client.Sessions.InfoAsync(id).WaitAsync(ClientScope.Timeout);

        Assert.Equal(name, info.Name);
        Assert.Equal(TimeSpan.FromSeconds(3), info.LockDelay);
        Assert.Equal("delete", info.Behavior);
        Assert.Equal(_scope.SessionTtl, info.Ttl);
        Assert.Empty(info.NodeChecks);
        Assert.False(renewal.IsGone);
        Assert.True(renewal.Ttl >= _scope.SessionTtl, $"the server's TTL ({renewal.Ttl}) is at least the requested one");
        Assert.Contains(listed.Value, s => s.Id == id);
        Assert.True(afterDestroy.IsGone);
        Assert.Null(infoAfter.Value);
    }

    [Fact]
    public async Task AcquireRelease_LockIndexCountsHoldersAndSessionShown()
    {
        var key = _scope.Prefix("client-lock") + "leader";
        var first = await CreateSessionAsync();
        var second = await CreateSessionAsync();

        Assert.True(await Client.KV.AcquireAsync(key, "first"u8.ToArray(), first).WaitAsync(ClientScope.Timeout));
        Assert.False(await Client.KV.AcquireAsync(key, "second"u8.ToArray(), second).WaitAsync(ClientScope.Timeout));
        var held = (await Client.KV.GetAsync(key).WaitAsync(ClientScope.Timeout)).Value!;
        Assert.False(await Client.KV.ReleaseAsync(key, "second"u8.ToArray(), second).WaitAsync(ClientScope.Timeout));
        Assert.True(await Client.KV.ReleaseAsync(key, "first"u8.ToArray(), first).WaitAsync(ClientScope.Timeout));
        Assert.True(await Client.KV.AcquireAsync(key, "second"u8.ToArray(), second).WaitAsync(ClientScope.Timeout));
        var handedOver = (await Client.KV.GetAsync(key).WaitAsync(ClientScope.Timeout)).Value!;

        Assert.Equal(first, held.Session);
        Assert.Equal(second, handedOver.Session);
        Assert.Equal(held.LockIndex + 1, handedOver.LockIndex);
    }

    [Fact]
    public async Task AcquireWithUnknownSession_500InvalidSession()
    {
        var key = _scope.Prefix("client-badsession") + "k";
        var bogus = Guid.NewGuid().ToString();

        var error = await Assert.ThrowsAsync<ConsulException>(() => Client.KV.AcquireAsync(key, "x"u8.ToArray(), bogus).WaitAsync(ClientScope.Timeout));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.True(error.BodyContains($"invalid session \"{bogus}\""), error.Body);
    }

    private async Task<string> CreateSessionAsync()
    {
        var id = await Client.Sessions.CreateAsync(new SessionCreateRequest { Ttl = _scope.SessionTtl, LockDelay = TimeSpan.Zero, NodeChecks = [] }).WaitAsync(ClientScope.Timeout);
        _scope.TrackSession(id);
        return id;
    }
}
