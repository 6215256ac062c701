using System.Net.Sockets;
using System.Security.Authentication;
using VmMesh.Sidecar.Outbound;

namespace VmMesh.Sidecar.Tests.Outbound;

public sealed class RetryRuleTests
{
    public static TheoryData<string, string, bool> Cases => new()
    {
        // Connection refused: the peer saw nothing, so any method without a body goes to another endpoint.
        { "GET", "refused", true },
        { "POST", "refused", true },
        { "PATCH", "refused", true },
        // TLS handshake failed (a peer with the wrong identity): nothing was sent either.
        { "POST", "tls", true },
        // The connection broke after the request went out: only idempotent methods are sent again.
        { "GET", "reset", true },
        { "HEAD", "reset", true },
        { "PUT", "reset", true },
        { "DELETE", "reset", true },
        { "OPTIONS", "reset", true },
        { "POST", "reset", false },
        { "PATCH", "reset", false },
        { "POST", "none", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MaySendAgain_NoBody_ByMethodAndFailure(string method, string failure, bool expected)
    {
        Assert.Equal(expected, RetryRule.MaySendAgain(method, hasBody: false, Failure(failure)));
    }

    [Theory]
    [InlineData("GET", "refused")]
    [InlineData("PUT", "reset")]
    public void MaySendAgain_WithBody_Never(string method, string failure)
    {
        Assert.False(RetryRule.MaySendAgain(method, hasBody: true, Failure(failure)));
    }

    private static Exception? Failure(string kind) => kind switch
    {
        "refused" => new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (10.0.0.2:15443)", new SocketException((int)SocketError.ConnectionRefused)),
        "tls" => new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established", new AuthenticationException("remote certificate rejected")),
        "reset" => new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.", new IOException("connection reset")),
        _ => null,
    };
}
