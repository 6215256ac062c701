using System.Net;
using Microsoft.Extensions.Time.Testing;
using VmMesh.PolicyServer.Client.Errors;
using VmMesh.PolicyServer.Client.Tests.Support;

namespace VmMesh.PolicyServer.Client.Tests.Client;

/// <summary>Statuses, bodies and transport failures become one typed exception with a message naming the cause.</summary>
public sealed class PolicyServerClientErrorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, PolicyServerErrorKind.Refused)]
    [InlineData(HttpStatusCode.Unauthorized, PolicyServerErrorKind.Refused)]
    [InlineData(HttpStatusCode.Forbidden, PolicyServerErrorKind.Refused)]
    [InlineData(HttpStatusCode.NotFound, PolicyServerErrorKind.Refused)]
    [InlineData(HttpStatusCode.Conflict, PolicyServerErrorKind.Refused)]
    [InlineData(HttpStatusCode.ServiceUnavailable, PolicyServerErrorKind.Unavailable)]
    [InlineData(HttpStatusCode.InternalServerError, PolicyServerErrorKind.ServerError)]
    public async Task Status_ErrorBody_MapsToKindAndKeepsServerMessage(HttpStatusCode status, PolicyServerErrorKind kind)
    {
        var handler = new FakeHandler(status, """{"error":"the admin token is wrong; pass the one in <data-dir>/admin-token"}""");
        using var client = ClientFixture.Create(handler);

        var ex = await Assert.ThrowsAsync<PolicyServerException>(() => client.ListTokensAsync().WaitAsync(Timeout));

        Assert.Equal((kind, status), (ex.Kind, ex.StatusCode));
        Assert.Equal("the admin token is wrong; pass the one in <data-dir>/admin-token", ex.ServerMessage);
    }

    [Fact]
    public async Task Unauthorized_Message_NamesCallStatusAndServerText()
    {
        var handler = new FakeHandler(HttpStatusCode.Unauthorized, """{"error":"missing admin token"}""");
        using var client = ClientFixture.Create(handler);

        var ex = await Assert.ThrowsAsync<PolicyServerException>(() => client.ListTokensAsync().WaitAsync(Timeout));

        Assert.Equal("the policy server refused GET /v1/tokens (401 Unauthorized): missing admin token", ex.Message);
    }

    [Fact]
    public async Task ServerError_NonJsonBody_UsesBodyText()
    {
        var handler = new FakeHandler(HttpStatusCode.BadGateway, "upstream broke", "text/plain");
        using var client = ClientFixture.Create(handler);

        var ex = await Assert.ThrowsAsync<PolicyServerException>(() => client.GetRootsAsync().WaitAsync(Timeout));

        Assert.Equal("the policy server could not serve GET /v1/ca/roots (502 Bad Gateway): upstream broke", ex.Message);
        Assert.Null(ex.ServerMessage);
    }

    [Fact]
    public async Task TooManyRequests_RetryAfter_IsExposed()
    {
        var handler = new FakeHandler((_, _) =>
        {
            var response = FakeHandler.Json(HttpStatusCode.TooManyRequests, """{"error":"signing is overloaded; retry later"}""");
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return Task.FromResult(response);
        });
        using var client = ClientFixture.Create(handler);

        var ex = await Assert.ThrowsAsync<PolicyServerException>(() => client.SignAsync(new Ca.SignRequest("CSR"), "t").WaitAsync(Timeout));

        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
    }

    [Fact]
    public async Task Success_BodyNotInContract_IsInvalidResponse()
    {
        var handler = new FakeHandler(HttpStatusCode.OK, """{"trustDomain":"mesh.test"}""");
        using var client = ClientFixture.Create(handler);

        var ex = await Assert.ThrowsAsync<PolicyServerException>(() => client.GetRootsAsync().WaitAsync(Timeout));

        Assert.Equal(PolicyServerErrorKind.InvalidResponse, ex.Kind);
        Assert.StartsWith("the policy server at https://policy.test:8443/ answered GET /v1/ca/roots with a body that does not match the API (", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionFailure_IsUnreachable()
    {
        var handler = new FakeHandler((_, _) => throw new HttpRequestException("Connection refused (127.0.0.1:8443)"));
        using var client = ClientFixture.Create(handler);

        var ex = await Assert.ThrowsAsync<PolicyServerException>(() => client.GetRootsAsync().WaitAsync(Timeout));

        Assert.Equal(PolicyServerErrorKind.Unreachable, ex.Kind);
        Assert.Equal("cannot reach the policy server at https://policy.test:8443/ (Connection refused (127.0.0.1:8443)); check the server URL and that the server is running", ex.Message);
    }

    [Fact]
    public async Task NoAnswer_WithinRequestTimeout_IsUnreachable()
    {
        var time = new FakeTimeProvider();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new FakeHandler(async (_, token) =>
        {
            entered.TrySetResult();
            await Task.Delay(System.Threading.Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        });
        using var client = ClientFixture.Create(handler, time: time, timeout: TimeSpan.FromSeconds(5));

        var call = client.GetRootsAsync();
        await entered.Task.WaitAsync(Timeout);
        time.Advance(TimeSpan.FromSeconds(5));
        var ex = await Assert.ThrowsAsync<PolicyServerException>(() => call.WaitAsync(Timeout));

        Assert.Equal(PolicyServerErrorKind.Unreachable, ex.Kind);
        Assert.Equal("the policy server at https://policy.test:8443/ did not answer GET /v1/ca/roots within 5s; check that it is running and reachable", ex.Message);
    }

    [Fact]
    public async Task CallerCancellation_IsNotWrapped()
    {
        var handler = new FakeHandler(async (_, token) =>
        {
            await Task.Delay(System.Threading.Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        });
        using var client = ClientFixture.Create(handler);
        using var cancel = new CancellationTokenSource();

        var call = client.GetRootsAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Timeout));
    }
}
