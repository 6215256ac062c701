using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace VmMesh.Sidecar.Inbound;

/// <summary>
/// YARP's default request copy, then the verified caller identity in <see cref="MeshHeaders.PeerIdentity"/>: any
/// copy the peer sent is dropped first, so the app can trust the header it sees.
/// </summary>
internal sealed class PeerIdentityTransformer : HttpTransformer
{
    public static readonly PeerIdentityTransformer Instance = new();

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(proxyRequest);
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.Headers.Remove(MeshHeaders.PeerIdentity);
        var peer = httpContext.Features.GetRequiredFeature<PeerIdentityFeature>();
        proxyRequest.Headers.TryAddWithoutValidation(MeshHeaders.PeerIdentity, peer.Identity.ToString());
    }
}
