using VmMesh.Testing;
using System.Net;
using System.Text;
using System.Text.Json;
using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.ContractTests.Support;

namespace VmMesh.Consul.ContractTests.Sessions;

/// <summary>
/// Contract §8.3 end to end over HTTP: two candidates elect a leader with a session lock, the follower watches the key
/// with a blocking read, the leader steps down (no lock-delay), then the new leader dies (TTL expiry: lock-delay applies)
/// and the old candidate takes over. LockIndex rises with every new holder, as a fencing token must.
/// </summary>
[Collection(ConsulCollection.Name)]
public sealed class LeaderElectionTests(ConsulFixture fixture) : IAsyncLifetime
{
    private readonly ConsulHttp _http = new(fixture);
    private readonly string _service = ConsulFixture.UniqueName("contract-elect");

    public Task InitializeAsync()
    {
        _http.TrackKeyPrefix($"service/{_service}/");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _http.DisposeAsync();

    [Fact]
    public async Task LeaderElection_StepDownThenCrash_LeadershipMovesWithRisingLockIndex()
    {
        var timings = ContractTimings.For(_http);
        var identity = await AgentIdentity.ReadAsync(_http);
        var key = $"service/{_service}/leader";
        var sessionBody = $$"""{ "Name": "{{_service}}-leader", "TTL": "{{timings.SessionTtl}}", "LockDelay": "{{timings.LockDelay}}", "Behavior": "release", "NodeChecks": [] }""";
        var alpha = await _http.CreateSessionAsync(sessionBody);
        var beta = await _http.CreateSessionAsync(sessionBody);

        // 2. Both try; exactly one leads.
        Assert.True(await _http.PutKeyAsync(key, """{"id":"alpha"}""", $"?acquire={alpha}"));
        Assert.False(await _http.PutKeyAsync(key, """{"id":"beta"}""", $"?acquire={beta}"));

        // 4. The follower watches the key.
        var observed = await _http.GetAsync($"v1/kv/{key}");
        Assert.Equal(alpha, JsonAssert.String(JsonAssert.Single(observed.Json), "Session"));
        var watch = _http.BlockAsync($"v1/kv/{key}?index={observed.Index}&wait=30s", TimeSpan.FromSeconds(20));

        // 3. The leader renews, then 5. steps down voluntarily.
        var renewed = await _http.PutAsync($"v1/session/renew/{alpha}");
        Assert.Equal(alpha, JsonAssert.String(JsonAssert.Single(renewed.Json), "ID"));
        Assert.True(await _http.PutKeyAsync(key, """{"id":"alpha"}""", $"?release={alpha}"));

        var (wake, _) = await watch;
        Assert.True(wake.Index > observed.Index, $"the watch must wake with a higher index ({wake.Index} vs {observed.Index})");
        JsonAssert.Absent(JsonAssert.Single(wake.Json), "Session");
        await RenewAsync(beta);
        Assert.True(await _http.PutKeyAsync(key, """{"id":"beta"}""", $"?acquire={beta}"));

        // 6. Anyone can find the leader: the key's Session names the session, whose Node is the leader's node.
        var leaderEntry = JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json);
        Assert.Equal(beta, JsonAssert.String(leaderEntry, "Session"));
        Assert.Equal(2UL, JsonAssert.UInt64(leaderEntry, "LockIndex"));
        Assert.Equal("""{"id":"beta"}""", Encoding.UTF8.GetString(Convert.FromBase64String(JsonAssert.String(leaderEntry, "Value"))));
        var leaderSession = JsonAssert.Single((await _http.GetAsync($"v1/session/info/{beta}")).Json);
        Assert.Equal(identity.NodeName, JsonAssert.String(leaderSession, "Node"));

        // The leader crashes (stops renewing); alpha keeps its own session alive while it watches.
        await Eventually.UntilAsync(
            async () =>
            {
                await RenewAsync(alpha);
                return JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json);
            },
            entry => !entry.TryGetProperty("Session", out _),
            timings.SessionExpiryDeadline,
            "the crashed leader's session expires and releases the key");

        var lostRenew = await _http.PutAsync($"v1/session/renew/{beta}");
        ContractAssert.Error(_http, lostRenew, HttpStatusCode.NotFound, $"Session id '{beta}' not found");
        Assert.False(await _http.PutKeyAsync(key, """{"id":"alpha"}""", $"?acquire={alpha}"), "lock-delay must hold off the next leader");
        await Eventually.UntilAsync(
            async () =>
            {
                await RenewAsync(alpha);
                return await _http.PutKeyAsync(key, """{"id":"alpha"}""", $"?acquire={alpha}");
            },
            acquired => acquired,
            timings.LockDelaySpan + TimeSpan.FromSeconds(15),
            "alpha acquires leadership after the lock-delay");

        var final = JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}?consistent")).Json);
        Assert.Equal(alpha, JsonAssert.String(final, "Session"));
        Assert.Equal(3UL, JsonAssert.UInt64(final, "LockIndex"));
    }

    private async Task RenewAsync(string session)
    {
        var reply = await _http.PutAsync($"v1/session/renew/{session}");
        Assert.True(reply.Status == HttpStatusCode.OK, $"renewing the live candidate's session: {reply}");
        Assert.Equal(JsonValueKind.Array, reply.Json.ValueKind);
    }
}
