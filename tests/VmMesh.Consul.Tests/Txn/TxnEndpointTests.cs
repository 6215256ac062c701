using System.Net;
using System.Text;
using VmMesh.Consul.Tests.Support;
using VmMesh.Consul.Txn;

namespace VmMesh.Consul.Tests.Txn;

public sealed class TxnEndpointTests
{
    [Fact]
    public async Task Execute_Ops_WireFormWithKebabVerbs()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("""{"Results":[{"KV":{"Key":"a","Value":null,"ModifyIndex":8}},{"KV":{"Key":"b","Value":"Yg==","ModifyIndex":8}}],"Errors":null}"""));

        var result = await test.Client.Txn.ExecuteAsync(
        [
            KVTxnOp.Set("a", "v"u8.ToArray()),
            KVTxnOp.CheckIndex("b", new ConsulIndex(7)),
            KVTxnOp.Get("b"),
            KVTxnOp.DeleteTree("c/"),
        ]).WaitAsync(TestClient.Timeout);

        Assert.Equal(
            """[{"KV":{"Verb":"set","Key":"a","Value":"dg==","Flags":0}},{"KV":{"Verb":"check-index","Key":"b","Index":7}},{"KV":{"Verb":"get","Key":"b"}},{"KV":{"Verb":"delete-tree","Key":"c/"}}]""",
            test.Handler.Requests.Single().BodyText);
        Assert.True(result.Committed);
        Assert.Equal(["a", "b"], result.Results.Select(r => r.Key));
        Assert.Equal("b", Encoding.UTF8.GetString(result.Results[1].Value!));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task Execute_409Rollback_TypedResultNotException()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json(
            """{"Results":null,"Errors":[{"OpIndex":1,"What":"failed index check for key \"b\", current modify index 9 != 7"}]}""",
            status: HttpStatusCode.Conflict));

        var result = await test.Client.Txn.ExecuteAsync([KVTxnOp.Set("a", [1]), KVTxnOp.CheckIndex("b", new ConsulIndex(7))]).WaitAsync(TestClient.Timeout);

        Assert.False(result.Committed);
        Assert.Empty(result.Results);
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.OpIndex);
        Assert.Equal("failed index check for key \"b\", current modify index 9 != 7", error.What);
    }

    [Fact]
    public async Task Execute_413_ConsulException()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Text(HttpStatusCode.RequestEntityTooLarge, "Transaction contains too many operations (129 > 128)"));

        var error = await Assert.ThrowsAsync<ConsulException>(() => test.Client.Txn.ExecuteAsync([KVTxnOp.Delete("a")]).WaitAsync(TestClient.Timeout));

        Assert.Equal("Unexpected response code: 413 (Transaction contains too many operations (129 > 128))", error.Message);
    }
}
