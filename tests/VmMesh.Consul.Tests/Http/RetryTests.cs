using System.Net;
using VmMesh.Consul.Sessions;
using VmMesh.Consul.Tests.Support;
using VmMesh.Consul.Txn;

namespace VmMesh.Consul.Tests.Http;

public sealed class RetryTests
{
    [Fact]
    public async Task Read_Transient503Twice_RetriedThenSucceeds()
    {
        using var test = new TestClient();
        test.Handler
            .Enqueue(() => Replies.Text(HttpStatusCode.ServiceUnavailable, "busy"))
            .Enqueue(() => Replies.Text(HttpStatusCode.ServiceUnavailable, "busy"))
            .Enqueue(() => Replies.Json("[\"dc1\"]"));

        var datacenters = await test.Client.Catalog.DatacentersAsync().WaitAsync(TestClient.Timeout);

        Assert.Equal(["dc1"], datacenters);
        Assert.Equal(3, test.Handler.Count);
    }

    [Fact]
    public async Task Read_NetworkErrorThen429_RetriedThenSucceeds()
    {
        using var test = new TestClient();
        test.Handler
            .EnqueueFailure()
            .Enqueue(() => Replies.Text(HttpStatusCode.TooManyRequests, "rate limit exceeded"))
            .Enqueue(() => Replies.Json("\"10.0.0.1:8300\""));

        var leader = await test.Client.Status.LeaderAsync().WaitAsync(TestClient.Timeout);

        Assert.Equal("10.0.0.1:8300", leader);
        Assert.Equal(3, test.Handler.Count);
    }

    [Fact]
    public async Task Read_AlwaysFailing_BoundedAttemptsThenThrows()
    {
        using var test = new TestClient(maxRetries: 3);
        test.Handler.Fallback = (_, _) => Task.FromResult(Replies.Text(HttpStatusCode.InternalServerError, "No cluster leader"));

        var error = await Assert.ThrowsAsync<ConsulException>(() => test.Client.Catalog.NodesAsync().WaitAsync(TestClient.Timeout));

        Assert.Equal("Unexpected response code: 500 (No cluster leader)", error.Message);
        Assert.Equal(4, test.Handler.Count);
    }

    [Fact]
    public async Task Read_FilterSyntax500_NotRetried()
    {
        using var test = new TestClient();
        test.Handler.Fallback = (_, _) => Task.FromResult(Replies.Text(HttpStatusCode.InternalServerError, "Failed to create boolean expression evaluator: 1:5 (4): no match found"));

        await Assert.ThrowsAsync<ConsulException>(() => test.Client.Agent.ServicesAsync("Service ==").WaitAsync(TestClient.Timeout));

        Assert.Equal(1, test.Handler.Count);
    }

    [Fact]
    public async Task Read_404_NotRetried()
    {
        using var test = new TestClient();
        test.Handler.Fallback = (_, _) => Task.FromResult(Replies.Text(HttpStatusCode.NotFound, "unknown service ID: x"));

        await Assert.ThrowsAsync<ConsulException>(() => test.Client.Agent.ServiceAsync("x").WaitAsync(TestClient.Timeout));

        Assert.Equal(1, test.Handler.Count);
    }

    [Fact]
    public async Task PlainPut_Transient_Retried()
    {
        using var test = new TestClient();
        test.Handler.EnqueueFailure().Enqueue(Replies.True);

        Assert.True(await test.Client.KV.PutAsync("k", "v"u8.ToArray()).WaitAsync(TestClient.Timeout));
        Assert.Equal(2, test.Handler.Count);
    }

    [Fact]
    public async Task AgentRegisterAndTtlPass_Transient_Retried()
    {
        using var test = new TestClient();
        test.Handler
            .Enqueue(() => Replies.Text(HttpStatusCode.BadGateway, "bad gateway")).Enqueue(() => Replies.Empty())
            .EnqueueFailure().Enqueue(() => Replies.Empty());

        await test.Client.Agent.RegisterServiceAsync(new() { Name = "web" }).WaitAsync(TestClient.Timeout);
        await test.Client.Agent.PassTtlAsync("web-ttl").WaitAsync(TestClient.Timeout);

        Assert.Equal(4, test.Handler.Count);
    }

    [Fact]
    public async Task SessionRenewAndDestroy_Transient_Retried()
    {
        using var test = new TestClient();
        test.Handler
            .EnqueueFailure().Enqueue(() => Replies.Json("""[{"ID":"s1","TTL":"15s"}]"""))
            .EnqueueFailure().Enqueue(Replies.True);

        var renewal = await test.Client.Sessions.RenewAsync("s1").WaitAsync(TestClient.Timeout);
        Assert.True(await test.Client.Sessions.DestroyAsync("s1").WaitAsync(TestClient.Timeout));

        Assert.Equal(TimeSpan.FromSeconds(15), renewal.Ttl);
        Assert.Equal(4, test.Handler.Count);
    }

    [Fact]
    public async Task CasPut_Transient_NotRetried()
    {
        using var test = new TestClient();
        test.Handler.Fallback = (_, _) => Task.FromResult(Replies.Text(HttpStatusCode.ServiceUnavailable, "busy"));

        var error = await Assert.ThrowsAsync<ConsulException>(() => test.Client.KV.PutCasAsync("k", "v"u8.ToArray(), new ConsulIndex(5)).WaitAsync(TestClient.Timeout));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(1, test.Handler.Count);
    }

    [Fact]
    public async Task AcquireReleaseDeleteCas_NetworkError_NotRetried()
    {
        using var test = new TestClient();
        test.Handler.Fallback = (_, _) => throw new HttpRequestException("connection reset");

        await Assert.ThrowsAsync<HttpRequestException>(() => test.Client.KV.AcquireAsync("k", "v"u8.ToArray(), "s1").WaitAsync(TestClient.Timeout));
        await Assert.ThrowsAsync<HttpRequestException>(() => test.Client.KV.ReleaseAsync("k", "v"u8.ToArray(), "s1").WaitAsync(TestClient.Timeout));
        await Assert.ThrowsAsync<HttpRequestException>(() => test.Client.KV.DeleteCasAsync("k", new ConsulIndex(3)).WaitAsync(TestClient.Timeout));

        Assert.Equal(3, test.Handler.Count);
    }

    [Fact]
    public async Task SessionCreateAndTxn_Transient_NotRetried()
    {
        using var test = new TestClient();
        test.Handler.Fallback = (_, _) => Task.FromResult(Replies.Text(HttpStatusCode.ServiceUnavailable, "busy"));

        await Assert.ThrowsAsync<ConsulException>(() => test.Client.Sessions.CreateAsync(new SessionCreateRequest()).WaitAsync(TestClient.Timeout));
        await Assert.ThrowsAsync<ConsulException>(() => test.Client.Txn.ExecuteAsync([KVTxnOp.Delete("k")]).WaitAsync(TestClient.Timeout));

        Assert.Equal(2, test.Handler.Count);
    }
}
