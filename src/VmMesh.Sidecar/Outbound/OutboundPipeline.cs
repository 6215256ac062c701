using System.Net;
using Microsoft.AspNetCore.Http;
using VmMesh.Identity.Spiffe;
using VmMesh.Sidecar.Discovery;
using VmMesh.Sidecar.Inbound;
using Yarp.ReverseProxy.Forwarder;

namespace VmMesh.Sidecar.Outbound;

/// <summary>
/// The outbound request path, top to bottom as the data flows: route (which service) → resolve (its healthy
/// endpoints from Consul) → balance (power of two choices, passive health) → connect (mTLS to the peer sidecar,
/// checking its SPIFFE ID) and forward. Traffic rules (routes, splits, retries, timeouts) come in a later increment;
/// today a request that failed to reach its endpoint is tried once more on another when RetryRule allows it.
/// </summary>
internal sealed class OutboundPipeline(
    OutboundRouter router,
    IEndpointSource endpoints,
    LoadBalancer balancer,
    PeerClients peers,
    IHttpForwarder forwarder,
    TimeProvider timeProvider)
{
    private const int EjectAfterFailures = 3;
    private static readonly TimeSpan EjectionTime = TimeSpan.FromSeconds(10);

    private static readonly ForwarderRequestConfig ToPeer = new()
    {
        ActivityTimeout = TimeSpan.FromSeconds(100),
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Route.
        var service = router.Route(context, out var problem);
        if (service is null)
        {
            await InboundErrors.WriteAsync(context, OutboundErrors.UnknownService, problem!).ConfigureAwait(false);
            return;
        }

        // Resolve.
        var healthy = await endpoints.GetAsync(service, context.RequestAborted).ConfigureAwait(false);
        if (healthy is null || healthy.Endpoints.IsEmpty)
        {
            var detail = healthy is null
                ? $"Consul gave no answer for service '{service}' yet"
                : $"Consul lists no passing sidecar of service '{service}'";
            await InboundErrors.WriteAsync(context, OutboundErrors.NoHealthyEndpoint, detail).ConfigureAwait(false);
            return;
        }

        // Balance, connect and forward; one more endpoint after a failure to reach the first when RetryRule allows it
        // (nothing sent, or an idempotent request without a body) and no response has started.
        var destination = balancer.Pick(healthy)!;
        var error = await ForwardAsync(context, service, destination).ConfigureAwait(false);
        if (error == ForwarderError.Request && !context.Response.HasStarted
            && RetryRule.MaySendAgain(context.Request.Method, !HasNoBody(context.Request), context.GetForwarderErrorFeature()?.Exception)
            && balancer.Pick(healthy, exclude: destination) is { } second)
        {
            context.Response.Clear();
            error = await ForwardAsync(context, service, second).ConfigureAwait(false);
        }

        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            var row = error == ForwarderError.RequestTimedOut ? OutboundErrors.Timeout : OutboundErrors.UpstreamConnectFailure;
            context.Response.StatusCode = row.Status;
            context.Response.Headers[MeshHeaders.Error] = row.Reason;
        }
    }

    private async Task<ForwarderError> ForwardAsync(HttpContext context, ServiceName service, DestinationState destination)
    {
        destination.Begin();
        ForwarderError error;
        try
        {
            error = await forwarder.SendAsync(context, destination.Address.ToHttpsPrefix(), peers.For(service), ToPeer, HttpTransformer.Default).ConfigureAwait(false);
        }
        finally
        {
            destination.End();
        }

        if (error is ForwarderError.Request or ForwarderError.RequestTimedOut)
        {
            destination.Failed(timeProvider.GetUtcNow(), EjectAfterFailures, EjectionTime);
        }
        else if (error == ForwarderError.None)
        {
            destination.Succeeded();
        }

        return error;
    }

    private static bool HasNoBody(HttpRequest request) =>
        request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any(v => v is not null && v.Contains("chunked", StringComparison.OrdinalIgnoreCase));
}
