using System.Net;
using VmMesh.Consul.Sessions;
using VmMesh.Consul.Tests.Support;

namespace VmMesh.Consul.Tests.Sessions;

public sealed class SessionEndpointTests
{
    [Fact]
    public async Task Create_AllFieldsWithEmptyNodeChecks_WireBody()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("""{"ID":"adf4238a-882b-9ddc-4a9d-5b6758e4159e"}"""));

        var id = await test.Client.Sessions.CreateAsync(new SessionCreateRequest
        {
            Name = "policy-leader",
            Ttl = TimeSpan.FromSeconds(15),
            LockDelay = TimeSpan.FromSeconds(5),
            Behavior = SessionBehavior.Release,
            NodeChecks = [],
        }).WaitAsync(TestClient.Timeout);

        Assert.Equal("adf4238a-882b-9ddc-4a9d-5b6758e4159e", id);
        var request = test.Handler.Requests.Single();
        Assert.Equal("/v1/session/create", request.PathAndQuery);
        Assert.Equal("""{"Name":"policy-leader","TTL":"15s","LockDelay":"5s","Behavior":"release","NodeChecks":[]}""", request.BodyText);
    }

    [Fact]
    public async Task Create_Defaults_EmptyObjectKeepsServerDefaults()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("""{"ID":"s"}"""));

        await test.Client.Sessions.CreateAsync().WaitAsync(TestClient.Timeout);

        Assert.Equal("{}", test.Handler.Requests.Single().BodyText);
    }

    [Fact]
    public async Task Renew_404_GoneResult()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Text(HttpStatusCode.NotFound, "Session id 's-1' not found"));

        var renewal = await test.Client.Sessions.RenewAsync("s-1").WaitAsync(TestClient.Timeout);

        Assert.True(renewal.IsGone);
        Assert.Null(renewal.Ttl);
        Assert.Equal(1, test.Handler.Count);
    }

    [Fact]
    public async Task Renew_ServerTtlLonger_ReturnedTtlAndLockDelayNanoseconds()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("""[{"ID":"s-1","Name":"n","Node":"node-a","LockDelay":15000000000,"Behavior":"release","TTL":"30s","NodeChecks":null,"ServiceChecks":null,"CreateIndex":5,"ModifyIndex":5}]"""));

        var renewal = await test.Client.Sessions.RenewAsync("s-1").WaitAsync(TestClient.Timeout);

        Assert.False(renewal.IsGone);
        Assert.Equal(TimeSpan.FromSeconds(30), renewal.Ttl);
        Assert.Equal(TimeSpan.FromSeconds(15), renewal.Session!.LockDelay);
        Assert.Empty(renewal.Session.NodeChecks);
        Assert.Equal("/v1/session/renew/s-1", test.Handler.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task Info_Unknown_NullWithIndex()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("[]", 31));

        var info = await test.Client.Sessions.InfoAsync("nope").WaitAsync(TestClient.Timeout);

        Assert.Null(info.Value);
        Assert.Equal(new ConsulIndex(31), info.Meta.LastIndex);
    }

    [Fact]
    public async Task List_EmptyTtl_NullTtl()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("""[{"ID":"a","TTL":"","LockDelay":0},{"ID":"b","TTL":"1m30s","LockDelay":500000000}]""", 2));

        var sessions = (await test.Client.Sessions.ListAsync().WaitAsync(TestClient.Timeout)).Value;

        Assert.Null(sessions[0].Ttl);
        Assert.Equal(TimeSpan.FromSeconds(90), sessions[1].Ttl);
        Assert.Equal(TimeSpan.FromMilliseconds(500), sessions[1].LockDelay);
    }

    [Fact]
    public async Task Destroy_PutReturnsTrue()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(Replies.True);

        Assert.True(await test.Client.Sessions.DestroyAsync("s-1").WaitAsync(TestClient.Timeout));
        Assert.Equal(HttpMethod.Put, test.Handler.Requests.Single().Method);
        Assert.Equal("/v1/session/destroy/s-1", test.Handler.Requests.Single().PathAndQuery);
    }
}
