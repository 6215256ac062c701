using VmMesh.Testing;
using System.Net;
using System.Text.Json;
using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.ContractTests.Support;

namespace VmMesh.Consul.ContractTests.Blocking;

/// <summary>
/// Contract §2: index-based blocking (wake on change, timeout returns current data, 404s carry an index, tombstones
/// move recurse indexes, unrelated writes do not wake) and hash-based blocking on /v1/agent/service/:id.
/// A wake-up is proven by a long server wait (30 s) that outlasts the test's own 20 s bound.
/// </summary>
[Collection(ConsulCollection.Name)]
public sealed class BlockingTests(ConsulFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan WakeBound = TimeSpan.FromSeconds(20);

    private readonly ConsulHttp _http = new(fixture);
    private readonly string _prefix = ConsulFixture.UniqueName("contract-blk");

    public Task InitializeAsync()
    {
        _http.TrackKeyPrefix(_prefix);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _http.DisposeAsync();

    [Fact]
    public async Task KvGet_WriteWhileBlocked_ReturnsPromptlyWithHigherIndexAndNewValue()
    {
        var key = $"{_prefix}/watched";
        await _http.PutKeyAsync(key, "before");
        var initial = await _http.GetAsync($"v1/kv/{key}");

        var blocked = _http.BlockAsync($"v1/kv/{key}?index={initial.Index}&wait=30s", WakeBound);
        await _http.PutKeyAsync(key, "after");
        var (reply, _) = await blocked;

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.Index > initial.Index, $"index {reply.Index} must exceed {initial.Index}");
        Assert.Equal(Convert.ToBase64String("after"u8.ToArray()), JsonAssert.String(JsonAssert.Single(reply.Json), "Value"));
    }

    [Fact]
    public async Task KvGet_NoChangeUntilWaitExpires_ReturnsCurrentDataWithSameIndex()
    {
        var key = $"{_prefix}/quiet";
        await _http.PutKeyAsync(key, "steady");
        var initial = await _http.GetAsync($"v1/kv/{key}");

        var (reply, _) = await _http.BlockAsync($"v1/kv/{key}?index={initial.Index}&wait=1s", WakeBound);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(initial.Index, reply.Index);
        Assert.Equal(initial.Body, reply.Body);
    }

    [Fact]
    public async Task KvGet_IndexZero_DoesNotBlock()
    {
        var key = $"{_prefix}/zero";
        await _http.PutKeyAsync(key, "v");

        // A 30 s wait that blocked would outlast the 20 s bound.
        var (reply, _) = await _http.BlockAsync($"v1/kv/{key}?index=0&wait=30s", WakeBound);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task KvGet_IndexAheadOfServer_ReturnsAfterWaitWithLowerCurrentIndex()
    {
        var key = $"{_prefix}/ahead";
        await _http.PutKeyAsync(key, "v");
        var current = (await _http.GetAsync($"v1/kv/{key}")).Index;

        var (reply, _) = await _http.BlockAsync($"v1/kv/{key}?index={current + 1_000_000}&wait=1s", WakeBound);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(current, reply.Index);
    }

    [Fact]
    public async Task KvGet_MissingKey_404CarriesIndexAndWakesWhenCreated()
    {
        var key = $"{_prefix}/later";
        var missing = await _http.GetAsync($"v1/kv/{key}");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);

        var blocked = _http.BlockAsync($"v1/kv/{key}?index={missing.Index}&wait=30s", WakeBound);
        await _http.PutKeyAsync(key, "created");
        var (reply, _) = await blocked;

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.Index > missing.Index, $"index {reply.Index} must exceed {missing.Index}");
    }

    [Fact]
    public async Task KvRecurse_ChildDeleted_IndexMovesForwardAndWakesWatcher()
    {
        await _http.PutKeyAsync($"{_prefix}/dir/a", "1");
        await _http.PutKeyAsync($"{_prefix}/dir/b", "2");
        var before = await _http.GetAsync($"v1/kv/{_prefix}/dir/?recurse");
        Assert.Equal(JsonAssert.UInt64(JsonAssert.Array(before.Json)[1], "ModifyIndex"), before.Index);

        var blocked = _http.BlockAsync($"v1/kv/{_prefix}/dir/?recurse&index={before.Index}&wait=30s", WakeBound);
        Assert.True((await _http.DeleteAsync($"v1/kv/{_prefix}/dir/b")).Json.GetBoolean());
        var (reply, _) = await blocked;
        var after = await _http.GetAsync($"v1/kv/{_prefix}/dir/?recurse");

        // The remaining child is older than the delete: only a tombstone index can move the prefix forward.
        Assert.True(reply.Index > before.Index, $"blocked recurse index {reply.Index} must exceed {before.Index}");
        Assert.True(after.Index > before.Index, $"recurse index {after.Index} must exceed {before.Index} after deleting the newest child");
        Assert.Equal($"{_prefix}/dir/a", JsonAssert.String(JsonAssert.Single(after.Json), "Key"));
    }

    [Fact]
    public async Task KvGet_UnrelatedKeyWritten_BlockedQueryRunsToItsWait()
    {
        var watched = $"{_prefix}/a/watched";
        var other = $"{_prefix}/b/other";
        await _http.PutKeyAsync(watched, "a");
        await _http.PutKeyAsync(other, "b0");
        var initial = await _http.GetAsync($"v1/kv/{watched}");

        var blocked = _http.BlockAsync($"v1/kv/{watched}?index={initial.Index}&wait=3s", WakeBound);
        var writes = 0;
        while (!blocked.IsCompleted)
        {
            await _http.PutKeyAsync(other, $"b{++writes}");
            await Task.WhenAny(blocked, Task.Delay(TimeSpan.FromMilliseconds(250)));
        }

        var (reply, elapsed) = await blocked;

        // Behaviour check with a generous tolerance: the query returned because its 3 s wait ran out.
        Assert.True(writes >= 2, $"only {writes} unrelated write(s) happened while the query was blocked");
        Assert.Equal(initial.Index, reply.Index);
        Assert.Equal(initial.Body, reply.Body);
        Assert.True(elapsed >= TimeSpan.FromSeconds(2.5), $"the blocked query returned after {elapsed.TotalSeconds:0.00} s, woken by an unrelated write");
    }

    [Fact]
    public async Task HealthService_UnknownServiceWatched_WakesOnFirstRegistration()
    {
        var name = ConsulFixture.UniqueName("contract-blk-svc");
        var empty = await _http.GetAsync($"v1/health/service/{name}");
        Assert.Equal("[]", empty.Body);

        var blocked = _http.BlockAsync($"v1/health/service/{name}?index={empty.Index}&wait=30s", WakeBound);
        await _http.RegisterServiceAsync(name, $$"""{ "Name": "{{name}}" }""");
        var (reply, _) = await blocked;

        Assert.True(reply.Index > empty.Index, $"index {reply.Index} must exceed {empty.Index}");
        Assert.Equal(name, JsonAssert.String(JsonAssert.Property(JsonAssert.Single(reply.Json), "Service"), "ID"));
    }

    [Fact]
    public async Task AgentService_HashBlocking_WakesOnChangeAndTimesOutWithSameHash()
    {
        var name = ConsulFixture.UniqueName("contract-blk-svc");
        await _http.RegisterServiceAsync(name, $$"""{ "Name": "{{name}}", "Tags": ["one"] }""");
        var initial = await _http.GetAsync($"v1/agent/service/{name}");
        var hash = initial.Header("X-Consul-Contenthash");
        Assert.False(string.IsNullOrEmpty(hash), $"X-Consul-Contenthash missing: {initial}");
        Assert.Null(initial.Header("X-Consul-Index"));
        Assert.Equal(hash, JsonAssert.String(initial.Json, "ContentHash"));

        var (unchanged, _) = await _http.BlockAsync($"v1/agent/service/{name}?hash={hash}&wait=1s", WakeBound);
        Assert.Equal(hash, unchanged.Header("X-Consul-Contenthash"));

        var blocked = _http.BlockAsync($"v1/agent/service/{name}?hash={hash}&wait=30s", WakeBound);
        await _http.RegisterServiceAsync(name, $$"""{ "Name": "{{name}}", "Tags": ["two"] }""");
        var (changed, _) = await blocked;

        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.NotEqual(hash, changed.Header("X-Consul-Contenthash"));
        Assert.Equal(changed.Header("X-Consul-Contenthash"), JsonAssert.String(changed.Json, "ContentHash"));
        Assert.Equal(new[] { "two" }, JsonAssert.Strings(changed.Json, "Tags"));
    }

    [Fact]
    public async Task CatalogServices_Blocked_WakesWhenServiceAppears()
    {
        var name = ConsulFixture.UniqueName("contract-blk-svc");
        var before = await _http.GetAsync("v1/catalog/services");

        var blocked = _http.BlockAsync($"v1/catalog/services?index={before.Index}&wait=30s", WakeBound);
        await _http.RegisterServiceAsync(name, $$"""{ "Name": "{{name}}" }""");
        var (reply, _) = await blocked;

        Assert.True(reply.Index > before.Index, $"index {reply.Index} must exceed {before.Index}");
        Assert.Equal(JsonValueKind.Object, reply.Json.ValueKind);
    }

    [Fact]
    public async Task HealthService_CheckStatusChanges_WakesWatcherWithNewStatus()
    {
        var name = ConsulFixture.UniqueName("contract-blk-svc");
        await _http.RegisterServiceAsync(name, $$"""{ "Name": "{{name}}", "Check": { "CheckID": "{{name}}:ttl", "TTL": "60s", "Status": "passing" } }""");
        var before = await Eventually.UntilAsync(
            () => _http.GetAsync($"v1/health/service/{name}"),
            r => r.Json.GetArrayLength() == 1,
            WakeBound,
            "the instance is listed");

        var blocked = _http.BlockAsync($"v1/health/service/{name}?index={before.Index}&wait=30s", WakeBound);
        ContractAssert.EmptyOk(await _http.PutAsync($"v1/agent/check/fail/{name}:ttl?note=down"));
        var (reply, _) = await blocked;

        Assert.True(reply.Index > before.Index, $"index {reply.Index} must exceed {before.Index}");
        var check = Assert.Single(JsonAssert.Array(JsonAssert.Property(JsonAssert.Single(reply.Json), "Checks")), c => JsonAssert.String(c, "CheckID") == $"{name}:ttl");
        Assert.Equal("critical", JsonAssert.String(check, "Status"));
    }

    [Fact]
    public async Task HealthService_LastInstanceDeregistered_WakesWatcherWithEmptyListAndHigherIndex()
    {
        var name = ConsulFixture.UniqueName("contract-blk-svc");
        await _http.RegisterServiceAsync(name, $$"""{ "Name": "{{name}}" }""");
        var before = await Eventually.UntilAsync(
            () => _http.GetAsync($"v1/health/service/{name}"),
            r => r.Json.GetArrayLength() == 1,
            WakeBound,
            "the instance is listed");

        var blocked = _http.BlockAsync($"v1/health/service/{name}?index={before.Index}&wait=30s", WakeBound);
        ContractAssert.EmptyOk(await _http.PutAsync($"v1/agent/service/deregister/{name}"));
        var (reply, _) = await blocked;

        Assert.Equal("[]", reply.Body);
        Assert.True(reply.Index > before.Index, $"the extinction index {reply.Index} must exceed {before.Index}");
    }

    [Fact]
    public async Task HealthService_OtherServiceRegistered_BlockedQueryRunsToItsWait()
    {
        var watched = ConsulFixture.UniqueName("contract-blk-svc");
        await _http.RegisterServiceAsync(watched, $$"""{ "Name": "{{watched}}" }""");
        var before = await Eventually.UntilAsync(
            () => _http.GetAsync($"v1/health/service/{watched}"),
            r => r.Json.GetArrayLength() == 1,
            WakeBound,
            "the instance is listed");

        var blocked = _http.BlockAsync($"v1/health/service/{watched}?index={before.Index}&wait=3s", WakeBound);
        var writes = 0;
        while (!blocked.IsCompleted)
        {
            var other = ConsulFixture.UniqueName("contract-blk-other");
            await _http.RegisterServiceAsync(other, $$"""{ "Name": "{{other}}" }""");
            writes++;
            await Task.WhenAny(blocked, Task.Delay(TimeSpan.FromMilliseconds(250)));
        }

        var (reply, elapsed) = await blocked;

        Assert.True(writes >= 2, $"only {writes} unrelated registration(s) happened while the query was blocked");
        Assert.Equal(before.Index, reply.Index);
        Assert.True(elapsed >= TimeSpan.FromSeconds(2.5), $"the blocked query returned after {elapsed.TotalSeconds:0.00} s, woken by another service");
    }

    [Fact]
    public async Task KvRecurse_AllChildrenDeleted_404IndexStillMovesForward()
    {
        await _http.PutKeyAsync($"{_prefix}/gone/a", "1");
        var before = await _http.GetAsync($"v1/kv/{_prefix}/gone/?recurse");

        Assert.True((await _http.DeleteAsync($"v1/kv/{_prefix}/gone/?recurse")).Json.GetBoolean());
        var after = await _http.GetAsync($"v1/kv/{_prefix}/gone/?recurse");

        Assert.Equal(HttpStatusCode.NotFound, after.Status);
        Assert.True(after.Index > before.Index, $"index {after.Index} must exceed {before.Index} once the prefix is emptied");
    }

    [Fact]
    public async Task KvGet_MissingKey_IndexIsAtLeastTheLatestKvWrite()
    {
        await _http.PutKeyAsync($"{_prefix}/written", "w");
        var written = JsonAssert.UInt64(JsonAssert.Single((await _http.GetAsync($"v1/kv/{_prefix}/written")).Json), "ModifyIndex");

        var missing = await _http.GetAsync($"v1/kv/{_prefix}/not-written");

        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.True(missing.Index >= written, $"a missing key reports the KV table index: {missing.Index} < {written}");
    }

    [Fact]
    public async Task SessionInfo_Blocked_WakesWhenSessionDestroyed()
    {
        var session = await _http.CreateSessionAsync("""{ "NodeChecks": [] }""");
        var before = await _http.GetAsync($"v1/session/info/{session}");

        var blocked = _http.BlockAsync($"v1/session/info/{session}?index={before.Index}&wait=30s", WakeBound);
        await _http.PutAsync($"v1/session/destroy/{session}");
        var (reply, _) = await blocked;

        Assert.True(reply.Index > before.Index, $"index {reply.Index} must exceed {before.Index}");
        Assert.Equal("[]", reply.Body);
    }
}
