using System.Net;
using VmMesh.Consul.Agent;
using VmMesh.Consul.Tests.Support;

namespace VmMesh.Consul.Tests.Http;

public sealed class ErrorMappingTests
{
    [Fact]
    public async Task UnknownCheckUpdate_404_ConsulExceptionWithGoStyleMessage()
    {
        using var test = new TestClient();
        const string body = "Unknown check ID \"nope\". Ensure that the check ID is passed, not the check name.";
        test.Handler.Enqueue(() => Replies.Text(HttpStatusCode.NotFound, body + "\n"));

        var error = await Assert.ThrowsAsync<ConsulException>(() => test.Client.Agent.UpdateTtlAsync("nope", CheckStatus.Passing).WaitAsync(TestClient.Timeout));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(body, error.Body);
        Assert.Equal($"Unexpected response code: 404 ({body})", error.Message);
        Assert.False(error.IsPermissionDenied);
    }

    [Fact]
    public async Task Forbidden_403_PermissionDeniedException()
    {
        using var test = new TestClient(maxRetries: 0);
        test.Handler.Enqueue(() => Replies.Text(HttpStatusCode.Forbidden, "ACL not found"));

        var error = await Assert.ThrowsAsync<ConsulPermissionDeniedException>(() => test.Client.Catalog.NodesAsync().WaitAsync(TestClient.Timeout));

        Assert.Equal("Unexpected response code: 403 (ACL not found)", error.Message);
        Assert.True(error.IsPermissionDenied);
        Assert.True(error.BodyContains("acl NOT found"));
    }

    [Fact]
    public async Task EmptyErrorBody_MessageHasEmptyParentheses()
    {
        using var test = new TestClient(maxRetries: 0);
        test.Handler.Enqueue(() => Replies.Empty(HttpStatusCode.MethodNotAllowed));

        var error = await Assert.ThrowsAsync<ConsulException>(() => test.Client.Status.LeaderAsync().WaitAsync(TestClient.Timeout));

        Assert.Equal("Unexpected response code: 405 ()", error.Message);
        Assert.Equal(string.Empty, error.Body);
    }

    [Fact]
    public async Task NonTtlCheckPass_500_NotRetriedAndTyped()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Text(HttpStatusCode.InternalServerError, "CheckID \"http\" does not have associated TTL"));

        var error = await Assert.ThrowsAsync<ConsulException>(() => test.Client.Agent.PassTtlAsync("http").WaitAsync(TestClient.Timeout));

        Assert.Equal("Unexpected response code: 500 (CheckID \"http\" does not have associated TTL)", error.Message);
        Assert.Equal(1, test.Handler.Count);
    }

    [Fact]
    public async Task MalformedJson_ConsulExceptionNamesExpectedType()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("{not json"));

        var error = await Assert.ThrowsAsync<ConsulException>(() => test.Client.Agent.SelfAsync().WaitAsync(TestClient.Timeout));

        Assert.StartsWith("Unexpected response code: 200 (Response body is not the expected AgentSelf JSON: ", error.Message, StringComparison.Ordinal);
    }
}
