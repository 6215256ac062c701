using Microsoft.AspNetCore.Http;
using VmMesh.Sidecar.Inbound;

namespace VmMesh.Sidecar.Outbound;

/// <summary>The outbound direction's failures: HTTP status and <c>x-vmmesh-error</c> reason, in one table.</summary>
internal static class OutboundErrors
{
    public static readonly InboundError UnknownService = new(StatusCodes.Status404NotFound, "unknown-service");

    public static readonly InboundError NoHealthyEndpoint = new(StatusCodes.Status503ServiceUnavailable, "no-healthy-endpoint");

    public static readonly InboundError UpstreamConnectFailure = new(StatusCodes.Status502BadGateway, "upstream-connect-failure");

    public static readonly InboundError Timeout = new(StatusCodes.Status504GatewayTimeout, "timeout");
}
