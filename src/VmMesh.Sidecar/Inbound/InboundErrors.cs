using Microsoft.AspNetCore.Http;

namespace VmMesh.Sidecar.Inbound;

/// <summary>The inbound direction's failures: HTTP status and <c>x-vmmesh-error</c> reason, in one table.</summary>
internal static class InboundErrors
{
    public static readonly InboundError IntentionDenied = new(StatusCodes.Status403Forbidden, "intention-denied");

    /// <summary>The peer's certificate passed the handshake but carries no usable SPIFFE ID (should not happen).</summary>
    public static readonly InboundError UnknownPeer = new(StatusCodes.Status403Forbidden, "unknown-peer");

    /// <summary>The local app did not answer on its loopback port.</summary>
    public static readonly InboundError LocalAppUnavailable = new(StatusCodes.Status502BadGateway, "upstream-connect-failure");

    public static readonly InboundError LocalAppTimeout = new(StatusCodes.Status504GatewayTimeout, "timeout");

    public static async Task WriteAsync(HttpContext context, InboundError error, string detail)
    {
        context.Response.StatusCode = error.Status;
        context.Response.Headers[MeshHeaders.Error] = error.Reason;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync($"{error.Reason}: {detail}\n", context.RequestAborted).ConfigureAwait(false);
    }
}
