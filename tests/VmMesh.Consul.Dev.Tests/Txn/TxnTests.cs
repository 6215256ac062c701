using System.Net;
using System.Text.Json;
using VmMesh.Consul.Dev.Tests.TestSupport;

namespace VmMesh.Consul.Dev.Tests.Txn;

public sealed class TxnTests : IAsyncLifetime
{
    private DevServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await DevServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task SetAndGet_OneIndex_ResultsShape()
    {
        var before = _h.Runtime.Store.CurrentIndex;
        var (status, body) = await _h.TextAsync(HttpMethod.Put, "v1/txn",
            "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"t/a\",\"Value\":\"YQ==\"}},{\"KV\":{\"Verb\":\"set\",\"Key\":\"t/b\",\"Value\":\"Yg==\"}},{\"KV\":{\"Verb\":\"get\",\"Key\":\"t/a\"}}]");
        Assert.Equal(HttpStatusCode.OK, status);
        var doc = JsonDocument.Parse(body).RootElement;
        Assert.Equal(JsonValueKind.Null, doc.GetProperty("Errors").ValueKind);
        var results = doc.GetProperty("Results");
        Assert.Equal(3, results.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, results[0].GetProperty("KV").GetProperty("Value").ValueKind);
        Assert.Equal("YQ==", results[2].GetProperty("KV").GetProperty("Value").GetString());
        Assert.Equal(before + 1, _h.Runtime.Store.CurrentIndex);
    }

    [Fact]
    public async Task FailedCheck_RollsBackWith409()
    {
        await _h.PutAsync("v1/kv/t/x", "v");
        var index = (await _h.JsonAsync("v1/kv/t/x"))[0].GetProperty("ModifyIndex").GetUInt64();
        var (status, body) = await _h.TextAsync(HttpMethod.Put, "v1/txn",
            "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"t/new\",\"Value\":\"YQ==\"}},{\"KV\":{\"Verb\":\"check-index\",\"Key\":\"t/x\",\"Index\":1}},{\"KV\":{\"Verb\":\"get\",\"Key\":\"t/none\"}}]");
        Assert.Equal(HttpStatusCode.Conflict, status);
        var doc = JsonDocument.Parse(body).RootElement;
        Assert.Equal(JsonValueKind.Null, doc.GetProperty("Results").ValueKind);
        var errors = doc.GetProperty("Errors");
        Assert.Equal(1, errors[0].GetProperty("OpIndex").GetInt32());
        Assert.Equal($"failed index check for key \"t/x\", current modify index {index} != 1", errors[0].GetProperty("What").GetString());
        Assert.Contains("doesn't exist", errors[1].GetProperty("What").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _h.TextAsync(HttpMethod.Get, "v1/kv/t/new")).Status);
    }

    [Fact]
    public async Task LockWithoutSession_Fails()
    {
        var (status, body) = await _h.TextAsync(HttpMethod.Put, "v1/txn", "[{\"KV\":{\"Verb\":\"lock\",\"Key\":\"l\"}}]");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("missing session", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyOps_Returns413()
    {
        var ops = string.Join(',', Enumerable.Repeat("{\"KV\":{\"Verb\":\"get-or-empty\",\"Key\":\"x\"}}", 129));
        var (status, body) = await _h.TextAsync(HttpMethod.Put, "v1/txn", "[" + ops + "]");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("Transaction contains too many operations (129 > 128)", body);
    }

    [Fact]
    public async Task DeleteTreeAndCheckNotExists()
    {
        await _h.PutAsync("v1/kv/tree/a", "1");
        var (status, _) = await _h.TextAsync(HttpMethod.Put, "v1/txn",
            "[{\"KV\":{\"Verb\":\"delete-tree\",\"Key\":\"tree/\"}},{\"KV\":{\"Verb\":\"check-not-exists\",\"Key\":\"tree/a\"}}]");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.NotFound, (await _h.TextAsync(HttpMethod.Get, "v1/kv/tree/a")).Status);
    }
}
