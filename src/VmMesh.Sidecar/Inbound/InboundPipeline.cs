using System.Net;
using Microsoft.AspNetCore.Http;
using VmMesh.Identity.Spiffe;
using VmMesh.Policy.Evaluation;
using VmMesh.Sidecar.Authorization;
using Yarp.ReverseProxy.Forwarder;

namespace VmMesh.Sidecar.Inbound;

/// <summary>
/// The inbound request path, top to bottom as the data flows: accept (mTLS in the handshake: <see cref="Tls.OpenSslHandshake"/> on Linux, Kestrel with <see cref="InboundTls"/> elsewhere)
/// → identity (the peer's SPIFFE ID) → authorize (intentions, L4 and L7) → limit (rate limits: a later increment) →
/// forward to the local app on loopback with the verified identity in a header.
/// </summary>
internal sealed class InboundPipeline(
    ServiceName ownService,
    IntentionStore intentions,
    IHttpForwarder forwarder,
    HttpMessageInvoker localApp,
    string localAppPrefix)
{
    private static readonly ForwarderRequestConfig ToLocalApp = new()
    {
        ActivityTimeout = TimeSpan.FromSeconds(100),
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Identity: the handshake already verified the certificate; read who it is.
        var peer = PeerIdentityReader.Read(context.Connection.ClientCertificate);
        if (peer is null)
        {
            await InboundErrors.WriteAsync(context, InboundErrors.UnknownPeer, "the client certificate carries no service SPIFFE ID").ConfigureAwait(false);
            return;
        }

        context.Features.Set(peer);

        // Authorize: the latest intentions, evaluated with the HTTP request (L7) for this service as destination.
        var request = context.Request;
        var decision = intentions.Current.Evaluate(new IntentionRequest(
            peer.Service.Value,
            ownService.Value,
            request.Method,
            request.Path.Value ?? "/",
            new RequestHeaders(request.Headers)));
        if (!decision.Allowed)
        {
            await InboundErrors.WriteAsync(context, InboundErrors.IntentionDenied, decision.Reason).ConfigureAwait(false);
            return;
        }

        // Forward: YARP copies the request; the transformer sets the verified identity header.
        var error = await forwarder.SendAsync(context, localAppPrefix, localApp, ToLocalApp, PeerIdentityTransformer.Instance).ConfigureAwait(false);
        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            var row = error == ForwarderError.RequestTimedOut ? InboundErrors.LocalAppTimeout : InboundErrors.LocalAppUnavailable;
            context.Response.StatusCode = row.Status;
            context.Response.Headers[MeshHeaders.Error] = row.Reason;
        }
    }
}
