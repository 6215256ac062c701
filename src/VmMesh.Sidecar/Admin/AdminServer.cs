// Admin: the loopback-only operator endpoints. /live says the process serves HTTP; /ready says start-up finished
// (certificate, intentions, listeners, registration) and shutdown has not begun; /config and /certs show what is
// active, read from the same stores the pipelines use.
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VmMesh.Sidecar.Hosting;
using VmMesh.Sidecar.Authorization;
using VmMesh.Sidecar.Configuration;
using VmMesh.Sidecar.Identity;

namespace VmMesh.Sidecar.Admin;

/// <summary>The admin listener on 127.0.0.1 as its own small Kestrel host.</summary>
internal sealed class AdminServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly WebApplication _app;

    private AdminServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<AdminServer> StartAsync(
        SidecarOptions options,
        AdminState state,
        CertificateStore certificates,
        Func<IntentionStatus> intentions,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = ListenerHost.CreateBuilder(loggerFactory, kestrel => kestrel.Listen(IPAddress.Loopback, options.Admin.Port));
        var app = builder.Build();
        app.MapGet("/live", () => Results.Text("live\n"));
        app.MapGet("/ready", () => state.Ready ? Results.Text("ready\n") : Results.Text("not ready\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/config", () => Results.Json(
            new
            {
                service = options.Service.Name.Value,
                serviceId = options.Service.Id,
                configPath = options.ConfigPath,
                ready = state.Ready,
                listeners = new { inbound = state.InboundPort, outbound = state.OutboundPort, admin = options.Admin.Port, upstreams = options.Outbound.Upstreams.Select(u => new { service = u.Service.Value, localPort = u.LocalPort }) },
                intentions = intentions(),
            },
            Json));
        app.MapGet("/certs", () => certificates.Current is { } current
            ? Results.Json(
                new
                {
                    identity = current.Identity.ToString(),
                    serial = current.Certificate.SerialNumber,
                    notBefore = current.NotBefore,
                    notAfter = current.NotAfter,
                    nextRenewal = current.RenewAt,
                    revision = current.Revision,
                    trustDomain = current.Bundle.TrustDomain.Name,
                    roots = current.Bundle.RootIds,
                    activeRoot = current.Bundle.ActiveRootId,
                },
                Json)
            : Results.Text("no certificate yet\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        var port = await ListenerHost.StartAsync(app, owned: null, cancellationToken).ConfigureAwait(false);
        return new AdminServer(app, port);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
