using VmMesh.Testing;
using System.Net;
using System.Text.Json;
using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.ContractTests.Support;

namespace VmMesh.Consul.ContractTests.Sessions;

/// <summary>
/// Contract §8.1–§8.2 and the lock half of §6.2: session create/renew/info/destroy, validation texts, lock
/// acquire/release semantics with LockIndex, invalidation by TTL (release + lock-delay) and Behavior delete.
/// </summary>
[Collection(ConsulCollection.Name)]
public sealed class SessionTests(ConsulFixture fixture) : IAsyncLifetime
{
    private const string NoChecks = "\"NodeChecks\": []";

    private readonly ConsulHttp _http = new(fixture);
    private readonly string _prefix = ConsulFixture.UniqueName("contract-lock");

    public Task InitializeAsync()
    {
        _http.TrackKeyPrefix(_prefix);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _http.DisposeAsync();

    [Fact]
    public async Task Create_NoBody_AppliesDefaults()
    {
        var identity = await AgentIdentity.ReadAsync(_http);

        var create = await _http.PutAsync("v1/session/create");
        var id = JsonAssert.String(create.Json, "ID");
        _http.TrackSession(id);
        var info = await _http.GetAsync($"v1/session/info/{id}");

        Assert.True(Guid.TryParse(id, out _), $"session ID '{id}' is not a UUID");
        var session = JsonAssert.Single(info.Json);
        Assert.Equal(id, JsonAssert.String(session, "ID"));
        Assert.Equal(string.Empty, JsonAssert.String(session, "Name"));
        Assert.Equal(identity.NodeName, JsonAssert.String(session, "Node"));
        Assert.Equal(15_000_000_000L, JsonAssert.Int64(session, "LockDelay"));
        Assert.Equal("release", JsonAssert.String(session, "Behavior"));
        Assert.Equal(string.Empty, JsonAssert.String(session, "TTL"));
        Assert.Equal(new[] { "serfHealth" }, JsonAssert.Strings(session, "NodeChecks"));
        JsonAssert.Null(session, "ServiceChecks");
        JsonAssert.Absent(session, "Checks");
        Assert.True(JsonAssert.UInt64(session, "CreateIndex") >= 1);
        Assert.True(JsonAssert.UInt64(session, "ModifyIndex") >= 1);
        ContractAssert.BlockingHeaders(_http, info);
    }

    [Theory]
    [InlineData("5", 5_000_000_000L)]
    [InlineData("2000000000", 2_000_000_000L)]
    [InlineData("\"2s\"", 2_000_000_000L)]
    [InlineData("\"90s\"", 60_000_000_000L)]
    public async Task Create_LockDelayNumberOrString_StoredAsNanoseconds(string lockDelay, long expected)
    {
        var id = await _http.CreateSessionAsync($$"""{ "LockDelay": {{lockDelay}}, {{NoChecks}} }""");

        var session = JsonAssert.Single((await _http.GetAsync($"v1/session/info/{id}")).Json);

        Assert.Equal(expected, JsonAssert.Int64(session, "LockDelay"));
    }

    [Fact]
    public async Task Create_WithNameTtlAndBehavior_EchoesThem()
    {
        var ttl = ContractTimings.For(_http).SessionTtl;
        var id = await _http.CreateSessionAsync($$"""{ "Name": "contract", "TTL": "{{ttl}}", "Behavior": "delete", {{NoChecks}} }""");

        var session = JsonAssert.Single((await _http.GetAsync($"v1/session/info/{id}")).Json);

        Assert.Equal("contract", JsonAssert.String(session, "Name"));
        Assert.Equal(ttl, JsonAssert.String(session, "TTL"));
        Assert.Equal("delete", JsonAssert.String(session, "Behavior"));
        Assert.Empty(JsonAssert.Strings(session, "NodeChecks"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Create_TtlOutOfRange_Returns500NamingTheBounds(bool belowMinimum)
    {
        var (ttl, nanoseconds) = (belowMinimum, _http.IsDevServer) switch
        {
            (true, true) => ("500ms", "500000000"),
            (true, false) => ("5s", "5000000000"),
            _ => ("25h", "90000000000000"),
        };
        var minimum = _http.IsDevServer ? "1s" : "10s";

        var reply = await _http.PutAsync("v1/session/create", $$"""{ "TTL": "{{ttl}}", {{NoChecks}} }""");

        ContractAssert.Error(_http, reply, HttpStatusCode.InternalServerError, $"Invalid Session TTL '{nanoseconds}', must be between [{minimum}=24h0m0s]");
    }

    [Fact]
    public async Task Create_UnknownBehavior_Returns500()
    {
        var reply = await _http.PutAsync("v1/session/create", """{ "Behavior": "nope" }""");

        ContractAssert.Error(_http, reply, HttpStatusCode.InternalServerError, "Invalid Behavior setting 'nope'");
    }

    [Fact]
    public async Task Create_UnknownField_Returns400DecodeFailure()
    {
        var reply = await _http.PutAsync("v1/session/create", """{ "Name": "x", "Foo": 1 }""");

        ContractAssert.Error(_http, reply, HttpStatusCode.BadRequest, "Request decode failed: json: unknown field \"Foo\"");
    }

    [Fact]
    public async Task Renew_KnownSession_ReturnsArrayWithSession()
    {
        var ttl = ContractTimings.For(_http).SessionTtl;
        var id = await _http.CreateSessionAsync($$"""{ "TTL": "{{ttl}}", {{NoChecks}} }""");

        var reply = await _http.PutAsync($"v1/session/renew/{id}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var session = JsonAssert.Single(reply.Json);
        Assert.Equal(id, JsonAssert.String(session, "ID"));
        Assert.NotEqual(string.Empty, JsonAssert.String(session, "TTL"));
    }

    [Fact]
    public async Task Renew_UnknownSession_Returns404()
    {
        var id = Guid.NewGuid().ToString();

        var reply = await _http.PutAsync($"v1/session/renew/{id}");

        ContractAssert.Error(_http, reply, HttpStatusCode.NotFound, $"Session id '{id}' not found");
    }

    [Fact]
    public async Task Info_UnknownSession_Returns200EmptyArrayWithIndex()
    {
        var reply = await _http.GetAsync($"v1/session/info/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("[]", reply.Body);
        ContractAssert.BlockingHeaders(_http, reply);
    }

    [Fact]
    public async Task Destroy_TwiceAndUnknown_AlwaysReturnsTrue()
    {
        var id = await _http.CreateSessionAsync($$"""{ {{NoChecks}} }""");

        var first = await _http.PutAsync($"v1/session/destroy/{id}");
        var second = await _http.PutAsync($"v1/session/destroy/{id}");
        var unknown = await _http.PutAsync($"v1/session/destroy/{Guid.NewGuid()}");

        Assert.All(new[] { first, second, unknown }, r => Assert.Equal("true", r.Body.Trim()));
        Assert.Equal("[]", (await _http.GetAsync($"v1/session/info/{id}")).Body);
    }

    [Fact]
    public async Task ListAndNode_ContainCreatedSession()
    {
        var identity = await AgentIdentity.ReadAsync(_http);
        var id = await _http.CreateSessionAsync($$"""{ {{NoChecks}} }""");

        var list = await _http.GetAsync("v1/session/list");
        var node = await _http.GetAsync($"v1/session/node/{identity.NodeName}");

        Assert.Contains(id, JsonAssert.Array(list.Json).Select(s => JsonAssert.String(s, "ID")));
        Assert.Contains(id, JsonAssert.Array(node.Json).Select(s => JsonAssert.String(s, "ID")));
        ContractAssert.BlockingHeaders(_http, list);
        ContractAssert.BlockingHeaders(_http, node);
    }

    [Fact]
    public async Task Lock_TwoSessions_OneWinsAndOtherAcquiresAfterRelease()
    {
        var key = $"{_prefix}/contended";
        var first = await _http.CreateSessionAsync($$"""{ {{NoChecks}} }""");
        var second = await _http.CreateSessionAsync($$"""{ {{NoChecks}} }""");

        Assert.True(await _http.PutKeyAsync(key, "first", $"?acquire={first}"));
        Assert.False(await _http.PutKeyAsync(key, "second", $"?acquire={second}"));
        var held = JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json);
        Assert.Equal(first, JsonAssert.String(held, "Session"));
        Assert.Equal(1UL, JsonAssert.UInt64(held, "LockIndex"));

        Assert.True(await _http.PutKeyAsync(key, "first-again", $"?acquire={first}"));
        Assert.Equal(1UL, JsonAssert.UInt64(JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json), "LockIndex"));

        Assert.False(await _http.PutKeyAsync(key, "not-mine", $"?release={second}"));
        Assert.True(await _http.PutKeyAsync(key, "released", $"?release={first}"));
        var released = JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json);
        JsonAssert.Absent(released, "Session");
        Assert.Equal(1UL, JsonAssert.UInt64(released, "LockIndex"));
        Assert.Equal("released", (await _http.GetAsync($"v1/kv/{key}?raw")).Body);

        // An explicit release starts no lock-delay: the other session gets the lock at once.
        Assert.True(await _http.PutKeyAsync(key, "second", $"?acquire={second}"));
        var taken = JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json);
        Assert.Equal(second, JsonAssert.String(taken, "Session"));
        Assert.Equal(2UL, JsonAssert.UInt64(taken, "LockIndex"));
    }

    [Fact]
    public async Task Release_MissingKey_ReturnsFalse()
    {
        var session = await _http.CreateSessionAsync($$"""{ {{NoChecks}} }""");

        Assert.False(await _http.PutKeyAsync($"{_prefix}/never", "x", $"?release={session}"));
    }

    [Fact]
    public async Task PlainPut_OnLockedKey_SucceedsAndKeepsHolder()
    {
        var key = $"{_prefix}/locked";
        var session = await _http.CreateSessionAsync($$"""{ {{NoChecks}} }""");
        Assert.True(await _http.PutKeyAsync(key, "held", $"?acquire={session}"));

        Assert.True(await _http.PutKeyAsync(key, "overwritten"));

        var entry = JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json);
        Assert.Equal(session, JsonAssert.String(entry, "Session"));
        Assert.Equal("overwritten", (await _http.GetAsync($"v1/kv/{key}?raw")).Body);
    }

    [Fact]
    public async Task Acquire_UnknownSession_Returns500InvalidSession()
    {
        var session = Guid.NewGuid().ToString();
        _http.TrackKeyPrefix($"{_prefix}/x");

        var reply = await _http.PutAsync($"v1/kv/{_prefix}/x?acquire={session}", "x");

        ContractAssert.Error(_http, reply, HttpStatusCode.InternalServerError, $"invalid session \"{session}\"");
    }

    [Fact]
    public async Task TtlExpiry_LockedKey_ReleasesKeepsValueAndStartsLockDelay()
    {
        var timings = ContractTimings.For(_http);
        var key = $"{_prefix}/ttl";
        var expiring = await _http.CreateSessionAsync($$"""{ "TTL": "{{timings.SessionTtl}}", "LockDelay": "{{timings.LockDelay}}", {{NoChecks}} }""");
        var waiting = await _http.CreateSessionAsync($$"""{ {{NoChecks}} }""");
        Assert.True(await _http.PutKeyAsync(key, "payload", $"?acquire={expiring}"));

        // Nobody renews: the server must invalidate the session between TTL and 2×TTL and release the key.
        var released = await Eventually.UntilAsync(
            async () => JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json),
            entry => !entry.TryGetProperty("Session", out _),
            timings.SessionExpiryDeadline,
            "the TTL session's lock is released");
        var duringDelay = await _http.PutKeyAsync(key, "too-early", $"?acquire={waiting}");

        Assert.Equal(1UL, JsonAssert.UInt64(released, "LockIndex"));
        Assert.Equal(Convert.ToBase64String("payload"u8.ToArray()), JsonAssert.String(released, "Value"));
        Assert.Equal("[]", (await _http.GetAsync($"v1/session/info/{expiring}")).Body);
        Assert.False(duringDelay, "acquire must fail while the lock-delay is active");
        await Eventually.UntilAsync(
            () => _http.PutKeyAsync(key, "after-delay", $"?acquire={waiting}"),
            acquired => acquired,
            timings.LockDelaySpan + TimeSpan.FromSeconds(15),
            "the lock can be acquired after the lock-delay");
        var taken = JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json);
        Assert.Equal(waiting, JsonAssert.String(taken, "Session"));
        Assert.Equal(2UL, JsonAssert.UInt64(taken, "LockIndex"));
    }

    [Fact]
    public async Task BehaviorDelete_SessionDestroyed_DeletesLockedKey()
    {
        var key = $"{_prefix}/ephemeral";
        var session = await _http.CreateSessionAsync($$"""{ "Behavior": "delete", {{NoChecks}} }""");
        Assert.True(await _http.PutKeyAsync(key, "v", $"?acquire={session}"));

        var destroy = await _http.PutAsync($"v1/session/destroy/{session}");

        Assert.Equal("true", destroy.Body.Trim());
        await Eventually.UntilAsync(
            () => _http.GetAsync($"v1/kv/{key}"),
            reply => reply.Status == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(15),
            "the key of a Behavior=delete session is deleted");
    }

    [Fact]
    public async Task BehaviorRelease_SessionDestroyed_ReleasesLockedKeyKeepingValue()
    {
        var key = $"{_prefix}/kept";
        var session = await _http.CreateSessionAsync($$"""{ {{NoChecks}} }""");
        Assert.True(await _http.PutKeyAsync(key, "kept-value", $"?acquire={session}"));

        await _http.PutAsync($"v1/session/destroy/{session}");

        var entry = await Eventually.UntilAsync(
            async () => JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json),
            e => !e.TryGetProperty("Session", out _),
            TimeSpan.FromSeconds(15),
            "the key of a destroyed Behavior=release session is released");
        Assert.Equal(Convert.ToBase64String("kept-value"u8.ToArray()), JsonAssert.String(entry, "Value"));
        Assert.Equal(JsonValueKind.Object, entry.ValueKind);
    }

    [Fact]
    public async Task Destroy_LockedKey_InvalidationStartsLockDelay()
    {
        var timings = ContractTimings.For(_http);
        var key = $"{_prefix}/destroyed";
        var holder = await _http.CreateSessionAsync($$"""{ "LockDelay": "{{timings.LockDelay}}", {{NoChecks}} }""");
        var next = await _http.CreateSessionAsync($$"""{ {{NoChecks}} }""");
        Assert.True(await _http.PutKeyAsync(key, "v", $"?acquire={holder}"));

        Assert.Equal("true", (await _http.PutAsync($"v1/session/destroy/{holder}")).Body.Trim());
        var duringDelay = await _http.PutKeyAsync(key, "early", $"?acquire={next}");

        Assert.False(duringDelay, "destroy invalidates the session, so the lock-delay applies (unlike an explicit release)");
        await Eventually.UntilAsync(
            () => _http.PutKeyAsync(key, "later", $"?acquire={next}"),
            acquired => acquired,
            timings.LockDelaySpan + TimeSpan.FromSeconds(15),
            "the lock can be acquired after the lock-delay");
    }
}
