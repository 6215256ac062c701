using System.Net;
using System.Text;
using VmMesh.Consul.Tests.Support;

namespace VmMesh.Consul.Tests.Kv;

public sealed class KvEndpointTests
{
    [Fact]
    public async Task Get_Existing_DecodesBase64AndLockFields()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("""[{"LockIndex":2,"Key":"app/leader","Flags":3304740253564472344,"Value":"aGVsbG8=","Session":"s-1","CreateIndex":10,"ModifyIndex":12}]""", 12));

        var result = await test.Client.KV.GetAsync("app/leader").WaitAsync(TestClient.Timeout);

        var pair = result.Value!;
        Assert.Equal("hello", Encoding.UTF8.GetString(pair.Value!));
        Assert.Equal(2UL, pair.LockIndex);
        Assert.Equal(0x2ddccbc058a50c18UL, pair.Flags);
        Assert.Equal("s-1", pair.Session);
        Assert.Equal(new ConsulIndex(12), pair.ModifyIndex);
    }

    [Fact]
    public async Task Get_NullValueNoSession_NullFields()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("""[{"Key":"k","Value":null,"CreateIndex":1,"ModifyIndex":1}]""", 1));

        var pair = (await test.Client.KV.GetAsync("k").WaitAsync(TestClient.Timeout)).Value!;

        Assert.Null(pair.Value);
        Assert.Null(pair.Session);
    }

    [Fact]
    public async Task KeyPath_SegmentsEscapedSlashKept()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Text(HttpStatusCode.NotFound, string.Empty, 3));

        await test.Client.KV.GetAsync("vmmesh/config/my svc/a%b").WaitAsync(TestClient.Timeout);

        Assert.Equal("/v1/kv/vmmesh/config/my%20svc/a%25b", test.Handler.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task Key_LeadingSlash_ArgumentExceptionNamesFix()
    {
        using var test = new TestClient();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => test.Client.KV.GetAsync("/a"));

        Assert.Equal("KV key \"/a\" starts with '/'; Consul keys are relative, remove the leading slash. (Parameter 'key')", error.Message);
    }

    [Fact]
    public async Task GetRaw_ReturnsBytes()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Text(HttpStatusCode.OK, "raw-bytes", 4)).Enqueue(() => Replies.Text(HttpStatusCode.NotFound, string.Empty, 4));

        var present = await test.Client.KV.GetRawAsync("k").WaitAsync(TestClient.Timeout);
        var missing = await test.Client.KV.GetRawAsync("gone").WaitAsync(TestClient.Timeout);

        Assert.Equal("raw-bytes", Encoding.UTF8.GetString(present.Value!));
        Assert.Null(missing.Value);
        Assert.Equal("/v1/kv/k?raw", test.Handler.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task Keys_Separator_QueryAndMissingPrefixEmpty()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("""["a/b/","a/c"]""", 6)).Enqueue(() => Replies.Text(HttpStatusCode.NotFound, string.Empty, 6));

        var keys = await test.Client.KV.KeysAsync("a/", "/").WaitAsync(TestClient.Timeout);
        var none = await test.Client.KV.KeysAsync("zzz/").WaitAsync(TestClient.Timeout);

        Assert.Equal(["a/b/", "a/c"], keys.Value);
        Assert.Empty(none.Value);
        Assert.Equal("/v1/kv/a/?keys&separator=%2F", test.Handler.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task List_MissingPrefix_EmptyWithIndex()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Text(HttpStatusCode.NotFound, string.Empty, 21));

        var result = await test.Client.KV.ListAsync("nothing/").WaitAsync(TestClient.Timeout);

        Assert.Empty(result.Value);
        Assert.Equal(new ConsulIndex(21), result.Meta.LastIndex);
        Assert.Equal("/v1/kv/nothing/?recurse", test.Handler.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task Put_RawBodyAndFlags_ReturnsBool()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(Replies.True);

        Assert.True(await test.Client.KV.PutAsync("k", "{\"a\":1}"u8.ToArray(), flags: 42).WaitAsync(TestClient.Timeout));

        var request = test.Handler.Requests.Single();
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/v1/kv/k?flags=42", request.PathAndQuery);
        Assert.Equal("{\"a\":1}", request.BodyText);
        Assert.Equal("application/octet-stream", request.Header("Content-Type"));
    }

    [Fact]
    public async Task CasAcquireRelease_QueryParametersAndFalse()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(Replies.False).Enqueue(Replies.False).Enqueue(Replies.True);

        Assert.False(await test.Client.KV.PutCasAsync("k", "v"u8.ToArray(), ConsulIndex.Zero).WaitAsync(TestClient.Timeout));
        Assert.False(await test.Client.KV.AcquireAsync("k", "v"u8.ToArray(), "s-1").WaitAsync(TestClient.Timeout));
        Assert.True(await test.Client.KV.ReleaseAsync("k", "v"u8.ToArray(), "s-1").WaitAsync(TestClient.Timeout));

        Assert.Equal(["/v1/kv/k?cas=0", "/v1/kv/k?acquire=s-1", "/v1/kv/k?release=s-1"], test.Handler.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Deletes_RecurseAndCas()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(Replies.True).Enqueue(Replies.True).Enqueue(Replies.False);

        Assert.True(await test.Client.KV.DeleteAsync("a/b").WaitAsync(TestClient.Timeout));
        Assert.True(await test.Client.KV.DeleteTreeAsync("a/").WaitAsync(TestClient.Timeout));
        Assert.False(await test.Client.KV.DeleteCasAsync("a/b", new ConsulIndex(9)).WaitAsync(TestClient.Timeout));

        Assert.All(test.Handler.Requests, r => Assert.Equal(HttpMethod.Delete, r.Method));
        Assert.Equal(["/v1/kv/a/b", "/v1/kv/a/?recurse", "/v1/kv/a/b?cas=9"], test.Handler.Requests.Select(r => r.PathAndQuery));
    }
}
