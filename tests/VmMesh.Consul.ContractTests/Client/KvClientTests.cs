using System.Text;
using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.Txn;

namespace VmMesh.Consul.ContractTests.Client;

/// <summary>Typed-client scenarios for KV reads, writes, CAS, watches and transactions.</summary>
[Collection(ConsulCollection.Name)]
public sealed class KvClientTests(ConsulFixture fixture) : IAsyncLifetime
{
    private readonly ClientScope _scope = new(fixture);

    private ConsulClient Client => _scope.Client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    [Fact]
    public async Task PutGetCasDelete_RoundTrip()
    {
        var key = _scope.Prefix("client-kv") + "config";

        Assert.True(await Client.KV.PutAsync(key, "v1"u8.ToArray(), flags: 42).WaitAsync(ClientScope.Timeout));
        var first = (await Client.KV.GetAsync(key).WaitAsync(ClientScope.Timeout)).Value!;
        Assert.Equal("v1", Encoding.UTF8.GetString(first.Value!));
        Assert.Equal(42UL, first.Flags);
        Assert.Null(first.Session);

        Assert.False(await Client.KV.PutCasAsync(key, "stale"u8.ToArray(), new ConsulIndex(first.ModifyIndex.Value - 1)).WaitAsync(ClientScope.Timeout));
        Assert.True(await Client.KV.PutCasAsync(key, "v2"u8.ToArray(), first.ModifyIndex).WaitAsync(ClientScope.Timeout));
        var second = (await Client.KV.GetAsync(key).WaitAsync(ClientScope.Timeout)).Value!;
        Assert.Equal("v2", Encoding.UTF8.GetString(second.Value!));
        Assert.True(second.ModifyIndex > first.ModifyIndex);

        Assert.False(await Client.KV.DeleteCasAsync(key, first.ModifyIndex).WaitAsync(ClientScope.Timeout));
        Assert.True(await Client.KV.DeleteCasAsync(key, second.ModifyIndex).WaitAsync(ClientScope.Timeout));
        var gone = await Client.KV.GetAsync(key).WaitAsync(ClientScope.Timeout);
        Assert.Null(gone.Value);
        Assert.True(gone.Meta.LastIndex.Value >= 1, "a missing key still reports an index to block on");
    }

    [Fact]
    public async Task CasZero_CreateOnlyIfAbsent()
    {
        var key = _scope.Prefix("client-cas0") + "once";

        Assert.True(await Client.KV.PutCasAsync(key, "first"u8.ToArray(), ConsulIndex.Zero).WaitAsync(ClientScope.Timeout));
        Assert.False(await Client.KV.PutCasAsync(key, "second"u8.ToArray(), ConsulIndex.Zero).WaitAsync(ClientScope.Timeout));

        var raw = await Client.KV.GetRawAsync(key).WaitAsync(ClientScope.Timeout);
        Assert.Equal("first", Encoding.UTF8.GetString(raw.Value!));
    }

    [Fact]
    public async Task KeysListAndDeleteTree_PrefixOperations()
    {
        var prefix = _scope.Prefix("client-tree");
        foreach (var key in new[] { "a/1", "a/2", "b", "c/d/e" })
        {
            Assert.True(await Client.KV.PutAsync(prefix + key, Encoding.UTF8.GetBytes(key)).WaitAsync(ClientScope.Timeout));
        }

        var shallow = await Client.KV.KeysAsync(prefix, "/").WaitAsync(ClientScope.Timeout);
        var all = await Client.KV.ListAsync(prefix).WaitAsync(ClientScope.Timeout);
        Assert.True(await Client.KV.DeleteTreeAsync(prefix + "a/").WaitAsync(ClientScope.Timeout));
        var left = await Client.KV.KeysAsync(prefix).WaitAsync(ClientScope.Timeout);
        var none = await Client.KV.ListAsync(prefix + "zzz/").WaitAsync(ClientScope.Timeout);

        Assert.Equal([prefix + "a/", prefix + "b", prefix + "c/"], shallow.Value);
        Assert.Equal([prefix + "a/1", prefix + "a/2", prefix + "b", prefix + "c/d/e"], all.Value.Select(p => p.Key));
        Assert.Equal([prefix + "b", prefix + "c/d/e"], left.Value);
        Assert.Empty(none.Value);
    }

    [Fact]
    public async Task Watch_MissingKeyThenPut_DeliversNullThenValue()
    {
        var key = _scope.Prefix("client-watch") + "flag";
        using var stop = new CancellationTokenSource();
        var watch = Client.KV.Watch(key, stop.Token).GetAsyncEnumerator(CancellationToken.None);

        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(ClientScope.Timeout));
        Assert.Null(watch.Current.Value);
        var next = watch.MoveNextAsync().AsTask();
        Assert.True(await Client.KV.PutAsync(key, "on"u8.ToArray()).WaitAsync(ClientScope.Timeout));

        Assert.True(await next.WaitAsync(ClientScope.Timeout));
        Assert.Equal("on", Encoding.UTF8.GetString(watch.Current.Value!.Value!));
        Assert.Equal(watch.Current.Value.ModifyIndex, watch.Current.Meta.LastIndex);
        await stop.CancelAsync();
        Assert.False(await watch.MoveNextAsync().AsTask().WaitAsync(ClientScope.Timeout));
        await watch.DisposeAsync();
    }

    [Fact]
    public async Task WatchPrefix_AddAndDelete_DeliversEachChange()
    {
        var prefix = _scope.Prefix("client-wprefix");
        Assert.True(await Client.KV.PutAsync(prefix + "a", "1"u8.ToArray()).WaitAsync(ClientScope.Timeout));
        using var stop = new CancellationTokenSource();
        var watch = Client.KV.WatchPrefix(prefix, stop.Token).GetAsyncEnumerator(CancellationToken.None);

        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(ClientScope.Timeout));
        Assert.Equal([prefix + "a"], watch.Current.Value.Select(p => p.Key));
        Assert.True(await Client.KV.PutAsync(prefix + "b", "2"u8.ToArray()).WaitAsync(ClientScope.Timeout));
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(ClientScope.Timeout));
        Assert.Equal([prefix + "a", prefix + "b"], watch.Current.Value.Select(p => p.Key));
        Assert.True(await Client.KV.DeleteAsync(prefix + "a").WaitAsync(ClientScope.Timeout));
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(ClientScope.Timeout));
        Assert.Equal([prefix + "b"], watch.Current.Value.Select(p => p.Key));

        await stop.CancelAsync();
        await watch.DisposeAsync();
    }

    [Fact]
    public async Task Txn_Commit_AppliesAllAndReturnsGets()
    {
        var prefix = _scope.Prefix("client-txn");
        Assert.True(await Client.KV.PutAsync(prefix + "existing", "old"u8.ToArray()).WaitAsync(ClientScope.Timeout));
        var existing = (await Client.KV.GetAsync(prefix + "existing").WaitAsync(ClientScope.Timeout)).Value!;

        var result = await Client.Txn.ExecuteAsync(
        [
            KVTxnOp.CheckIndex(prefix + "existing", existing.ModifyIndex),
            KVTxnOp.Set(prefix + "new", "fresh"u8.ToArray()),
            KVTxnOp.Cas(prefix + "existing", "updated"u8.ToArray(), existing.ModifyIndex),
            KVTxnOp.Get(prefix + "new"),
        ]).WaitAsync(ClientScope.Timeout);

        Assert.True(result.Committed);
        Assert.Empty(result.Errors);
        Assert.Equal("fresh", Encoding.UTF8.GetString(result.Results.Last(r => r.Key == prefix + "new").Value!));
        Assert.Equal("updated", Encoding.UTF8.GetString((await Client.KV.GetRawAsync(prefix + "existing").WaitAsync(ClientScope.Timeout)).Value!));
    }

    [Fact]
    public async Task Txn_FailedCheck_RollsBackWithTypedErrors()
    {
        var prefix = _scope.Prefix("client-txnfail");
        Assert.True(await Client.KV.PutAsync(prefix + "k", "v"u8.ToArray()).WaitAsync(ClientScope.Timeout));
        var current = (await Client.KV.GetAsync(prefix + "k").WaitAsync(ClientScope.Timeout)).Value!;
        var wrong = new ConsulIndex(current.ModifyIndex.Value + 1000);

        var result = await Client.Txn.ExecuteAsync(
        [
            KVTxnOp.Set(prefix + "other", "x"u8.ToArray()),
            KVTxnOp.CheckIndex(prefix + "k", wrong),
        ]).WaitAsync(ClientScope.Timeout);

        Assert.False(result.Committed);
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.OpIndex);
        Assert.Contains($"failed index check for key \"{prefix}k\"", error.What, StringComparison.Ordinal);
        Assert.Null((await Client.KV.GetAsync(prefix + "other").WaitAsync(ClientScope.Timeout)).Value);
    }
}
