using System.Net;
using System.Text.Json;
using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.ContractTests.Support;

namespace VmMesh.Consul.ContractTests.Kv;

/// <summary>
/// Contract §6.5: /v1/txn with KV verbs is all-or-nothing; success answers 200 with Results, failure 409 with
/// Errors (OpIndex + What) and no partial writes.
/// </summary>
[Collection(ConsulCollection.Name)]
public sealed class TxnTests(ConsulFixture fixture) : IAsyncLifetime
{
    private readonly ConsulHttp _http = new(fixture);
    private readonly string _prefix = ConsulFixture.UniqueName("contract-txn");

    public Task InitializeAsync()
    {
        _http.TrackKeyPrefix(_prefix);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _http.DisposeAsync();

    [Fact]
    public async Task Txn_AllOperationsValid_AppliesAllAndReturnsResults()
    {
        var reply = await _http.PutAsync("v1/txn", $$"""
            [ { "KV": { "Verb": "set", "Key": "{{_prefix}}/a", "Value": "{{B64("one")}}", "Flags": 3 } },
              { "KV": { "Verb": "set", "Key": "{{_prefix}}/b", "Value": "{{B64("two")}}" } },
              { "KV": { "Verb": "get", "Key": "{{_prefix}}/a" } } ]
            """);

        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        JsonAssert.Null(reply.Json, "Errors");
        var results = JsonAssert.Array(JsonAssert.Property(reply.Json, "Results"));
        Assert.Equal(3, results.Length);
        var setA = JsonAssert.Property(results[0], "KV", JsonValueKind.Object);
        Assert.Equal($"{_prefix}/a", JsonAssert.String(setA, "Key"));
        JsonAssert.Null(setA, "Value");
        Assert.Equal(3UL, JsonAssert.UInt64(setA, "Flags"));
        var getA = JsonAssert.Property(results[2], "KV", JsonValueKind.Object);
        Assert.Equal(B64("one"), JsonAssert.String(getA, "Value"));
        Assert.Equal(JsonAssert.UInt64(setA, "ModifyIndex"), JsonAssert.UInt64(getA, "ModifyIndex"));
        Assert.Equal(JsonAssert.UInt64(setA, "ModifyIndex"), JsonAssert.UInt64(JsonAssert.Property(results[1], "KV"), "ModifyIndex"));
        Assert.Equal("two", (await _http.GetAsync($"v1/kv/{_prefix}/b?raw")).Body);
    }

    [Fact]
    public async Task Txn_CheckIndexMismatch_RollsBackWith409AndMessage()
    {
        await _http.PutKeyAsync($"{_prefix}/a", "v");
        var current = JsonAssert.UInt64(JsonAssert.Single((await _http.GetAsync($"v1/kv/{_prefix}/a")).Json), "ModifyIndex");
        var stale = current + 1000;

        var reply = await _http.PutAsync("v1/txn", $$"""
            [ { "KV": { "Verb": "set", "Key": "{{_prefix}}/c", "Value": "{{B64("x")}}" } },
              { "KV": { "Verb": "check-index", "Key": "{{_prefix}}/a", "Index": {{stale}} } } ]
            """);

        Assert.True(reply.Status == HttpStatusCode.Conflict, reply.ToString());
        JsonAssert.Null(reply.Json, "Results");
        var error = JsonAssert.Single(JsonAssert.Property(reply.Json, "Errors"));
        Assert.Equal(1, JsonAssert.Int64(error, "OpIndex"));
        ContractAssert.Text(_http, $"failed index check for key \"{_prefix}/a\", current modify index {current} != {stale}", JsonAssert.String(error, "What"));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"v1/kv/{_prefix}/c")).Status);
    }

    [Fact]
    public async Task Txn_GetOfMissingKey_RollsBackWithDoesntExist()
    {
        var reply = await _http.PutAsync("v1/txn", $$"""
            [ { "KV": { "Verb": "set", "Key": "{{_prefix}}/d", "Value": "{{B64("x")}}" } },
              { "KV": { "Verb": "get", "Key": "{{_prefix}}/missing" } } ]
            """);

        Assert.True(reply.Status == HttpStatusCode.Conflict, reply.ToString());
        var error = JsonAssert.Single(JsonAssert.Property(reply.Json, "Errors"));
        Assert.Equal(1, JsonAssert.Int64(error, "OpIndex"));
        Assert.Contains("doesn't exist", JsonAssert.String(error, "What"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"v1/kv/{_prefix}/d")).Status);
    }

    [Fact]
    public async Task Txn_LockWithoutSession_RollsBackWithMissingSession()
    {
        var reply = await _http.PutAsync("v1/txn", $$"""
            [ { "KV": { "Verb": "lock", "Key": "{{_prefix}}/lock", "Value": "{{B64("x")}}" } } ]
            """);

        Assert.True(reply.Status == HttpStatusCode.Conflict, reply.ToString());
        var error = JsonAssert.Single(JsonAssert.Property(reply.Json, "Errors"));
        Assert.Equal(0, JsonAssert.Int64(error, "OpIndex"));
        ContractAssert.Text(_http, "missing session", JsonAssert.String(error, "What"));
    }

    [Fact]
    public async Task Txn_CasDeleteAndCheckNotExists_AppliedTogether()
    {
        await _http.PutKeyAsync($"{_prefix}/swap", "old");
        await _http.PutKeyAsync($"{_prefix}/gone", "x");
        var index = JsonAssert.UInt64(JsonAssert.Single((await _http.GetAsync($"v1/kv/{_prefix}/swap")).Json), "ModifyIndex");

        var reply = await _http.PutAsync("v1/txn", $$"""
            [ { "KV": { "Verb": "cas", "Key": "{{_prefix}}/swap", "Value": "{{B64("new")}}", "Index": {{index}} } },
              { "KV": { "Verb": "delete", "Key": "{{_prefix}}/gone" } },
              { "KV": { "Verb": "check-not-exists", "Key": "{{_prefix}}/gone" } } ]
            """);

        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        Assert.Equal("new", (await _http.GetAsync($"v1/kv/{_prefix}/swap?raw")).Body);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"v1/kv/{_prefix}/gone")).Status);
    }

    [Fact]
    public async Task Txn_GetTree_ReturnsEntriesUnderPrefixWithValues()
    {
        await _http.PutKeyAsync($"{_prefix}/tree/x", "1");
        await _http.PutKeyAsync($"{_prefix}/tree/y", "2");

        var reply = await _http.PutAsync("v1/txn", $$"""[ { "KV": { "Verb": "get-tree", "Key": "{{_prefix}}/tree/" } } ]""");

        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        var entries = JsonAssert.Array(JsonAssert.Property(reply.Json, "Results")).Select(r => JsonAssert.Property(r, "KV")).ToArray();
        Assert.Equal(new[] { $"{_prefix}/tree/x", $"{_prefix}/tree/y" }, entries.Select(e => JsonAssert.String(e, "Key")));
        Assert.Equal(new[] { B64("1"), B64("2") }, entries.Select(e => JsonAssert.String(e, "Value")));
    }

    private static string B64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Txn_ReadOnly_CarriesConsistencyHeaders()
    {
        await _http.PutKeyAsync($"{_prefix}/read", "r");

        var reply = await _http.PutAsync("v1/txn", $$"""[ { "KV": { "Verb": "get", "Key": "{{_prefix}}/read" } } ]""");

        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        Assert.Equal("true", reply.Header("X-Consul-Knownleader"));
        Assert.NotNull(reply.Header("X-Consul-Lastcontact"));
    }

    [Fact]
    public async Task Txn_MoreThan128Operations_Returns413()
    {
        var operations = Enumerable.Range(0, 129).Select(i => $$"""{ "KV": { "Verb": "set", "Key": "{{_prefix}}/many/{{i}}", "Value": "{{B64("v")}}" } }""");

        var reply = await _http.PutAsync("v1/txn", "[" + string.Join(",", operations) + "]");

        Assert.True(reply.Status == HttpStatusCode.RequestEntityTooLarge, reply.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"v1/kv/{_prefix}/many/0")).Status);
    }
}
