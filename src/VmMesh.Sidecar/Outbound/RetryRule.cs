using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.AspNetCore.Http;

namespace VmMesh.Sidecar.Outbound;

/// <summary>
/// Whether a request that failed to reach one endpoint may be sent to another. Never with a body (it has been read).
/// Always when the connection never carried it (refused, unreachable, TLS handshake failed): the peer saw nothing.
/// Otherwise the peer may have acted on it, so only an idempotent method (RFC 9110 §9.2.2) is sent again.
/// </summary>
internal static class RetryRule
{
    public static bool MaySendAgain(string method, bool hasBody, Exception? error)
    {
        if (hasBody)
        {
            return false;
        }

        return NeverSent(error) || IsIdempotent(method);
    }

    public static bool IsIdempotent(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)
        || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);

    private static bool NeverSent(Exception? error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.NameResolutionError }:
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TimedOut }:
                case AuthenticationException:
                    return true;
            }
        }

        return false;
    }
}
