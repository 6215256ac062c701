using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VmMesh.Sidecar.Hosting;
using VmMesh.Sidecar.Configuration;
using VmMesh.Sidecar.Discovery;
using VmMesh.Sidecar.Identity;
using Yarp.ReverseProxy.Forwarder;

namespace VmMesh.Sidecar.Outbound;

/// <summary>
/// The outbound listener as its own small Kestrel host on loopback: the proxy/Host-routing port plus one port per
/// explicit upstream, plain HTTP/1.1 from the local app (h2c is not offered: local apps speak HTTP/1.1 to a proxy), every request through <see cref="OutboundPipeline"/>.
/// </summary>
internal sealed class OutboundServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PeerClients _peers;

    private OutboundServer(WebApplication app, PeerClients peers, int port)
    {
        _app = app;
        _peers = peers;
        Port = port;
    }

    /// <summary>The bound proxy port (the configured one, or the OS's pick for 0).</summary>
    public int Port { get; }

    public static async Task<OutboundServer> StartAsync(
        OutboundOptions options,
        string datacenter,
        CertificateStore certificates,
        IEndpointSource endpoints,
        TimeProvider timeProvider,
        Random random,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The proxy port is configured first, so it is the port ListenerHost reports.
        var builder = ListenerHost.CreateBuilder(loggerFactory, kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.Protocols = HttpProtocols.Http1);
            foreach (var upstream in options.Upstreams)
            {
                kestrel.Listen(IPAddress.Loopback, upstream.LocalPort, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });
        builder.Services.AddHttpForwarder();

        var peers = new PeerClients(certificates, datacenter, timeProvider);
        var app = builder.Build();
        var pipeline = new OutboundPipeline(
            new OutboundRouter(options.Upstreams),
            endpoints,
            new LoadBalancer(timeProvider, random),
            peers,
            app.Services.GetRequiredService<IHttpForwarder>(),
            timeProvider);
        app.Run(pipeline.InvokeAsync);
        var port = await ListenerHost.StartAsync(app, peers, cancellationToken).ConfigureAwait(false);
        return new OutboundServer(app, peers, port);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        _peers.Dispose();
    }
}
