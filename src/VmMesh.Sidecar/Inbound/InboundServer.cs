using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VmMesh.Sidecar.Hosting;
using VmMesh.Identity.Spiffe;
using VmMesh.Sidecar.Authorization;
using VmMesh.Sidecar.Identity;
using VmMesh.Sidecar.Inbound.Tls;
using Yarp.ReverseProxy.Forwarder;

namespace VmMesh.Sidecar.Inbound;

/// <summary>
/// The inbound listener as its own small Kestrel host: HTTPS with HTTP/1.1 and HTTP/2 on the bind address, every
/// request through <see cref="InboundPipeline"/>. Started after the identity is ready; <see cref="Port"/> is the bound
/// port (what Consul registers, also when the configured port is 0).
/// </summary>
internal sealed class InboundServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _localApp;
    private readonly IDisposable? _tls;

    private InboundServer(WebApplication app, HttpMessageInvoker localApp, IDisposable? tls, int port)
    {
        _app = app;
        _localApp = localApp;
        _tls = tls;
        Port = port;
    }

    public int Port { get; }

    public static async Task<InboundServer> StartAsync(
        IPEndPoint bind,
        ServiceName service,
        int localAppPort,
        CertificateStore certificates,
        IntentionStore intentions,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger("VmMesh.Sidecar.Inbound");
        var handshake = OperatingSystem.IsLinux() ? new OpenSslHandshake(certificates, timeProvider, logger) : null;
        var builder = ListenerHost.CreateBuilder(loggerFactory, kestrel => kestrel.Listen(bind, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            if (OperatingSystem.IsLinux() && handshake is not null)
            {
                // Refusals as TLS alerts inside the handshake (see OpenSslHandshake for why not SslStream here).
                listen.Use(handshake.Wrap);
            }
            else
            {
                // Windows: SChannel already sends the alert when the validation callback refuses.
                listen.UseHttps(InboundTls.Create(certificates, timeProvider, logger));
            }
        }));
        builder.Services.AddHttpForwarder();

        var localApp = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = null,
        });
        var app = builder.Build();
        var pipeline = new InboundPipeline(
            service,
            intentions,
            app.Services.GetRequiredService<IHttpForwarder>(),
            localApp,
            $"http://127.0.0.1:{localAppPort}/");
        app.Run(pipeline.InvokeAsync);
        int port;
        try
        {
            port = await ListenerHost.StartAsync(app, localApp, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ((IDisposable?)handshake)?.Dispose();
            throw;
        }

        return new InboundServer(app, localApp, handshake, port);
    }

    /// <summary>Stops accepting and drains in-flight requests until <paramref name="cancellationToken"/> fires.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        _localApp.Dispose();
        _tls?.Dispose();
    }
}
