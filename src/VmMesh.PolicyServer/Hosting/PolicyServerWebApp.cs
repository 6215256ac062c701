using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Serilog;
using Serilog.Formatting.Compact;
using VmMesh.Consul;
using VmMesh.PolicyServer.Audit;
using VmMesh.PolicyServer.Ca;
using VmMesh.PolicyServer.Health;
using VmMesh.PolicyServer.Http;
using VmMesh.PolicyServer.Intentions;
using VmMesh.PolicyServer.Tokens;

namespace VmMesh.PolicyServer.Hosting;

/// <summary>
/// The ASP.NET Core side: Serilog (compact JSON on stderr, or text in --dev), systemd / Windows service lifetimes,
/// OpenTelemetry metrics, Kestrel (HTTPS only, certificate selector, optional client certificates, 64 KiB bodies)
/// and the endpoints behind the error middleware.
/// </summary>
internal static class PolicyServerWebApp
{
    public static WebApplication Build(PolicyServerOptions options, HostDependencies dependencies, Serilog.ILogger serilog, Components parts, ConsulClient consul, string adminToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Services.AddSerilog(serilog, dispose: false);
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(PolicyServerMetrics.MeterName));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes;
            var https = new HttpsConnectionAdapterOptions
            {
                ServerCertificateSelector = (_, _) => parts.Credentials.Current.TlsCertificate,
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,

                // Any client certificate is let through the handshake; the sign endpoint validates it against the
                // mesh trust bundle with LeafValidator, and no other endpoint looks at it.
                ClientCertificateValidation = (_, _, _) => true,
                SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
            };
            var host = options.Listen.Host;
            if (host is "localhost")
            {
                kestrel.ListenLocalhost(options.Listen.Port, listen => listen.UseHttps(https));
            }
            else if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
            {
                kestrel.Listen(ip, options.Listen.Port, listen => listen.UseHttps(https));
            }
            else
            {
                kestrel.ListenAnyIP(options.Listen.Port, listen => listen.UseHttps(https));
            }
        });

        var services = builder.Services;
        services.AddSingleton(dependencies.TimeProvider);
        services.AddSingleton(consul);
        services.AddSingleton(parts.Replica);
        services.AddSingleton(parts.Cache);
        services.AddSingleton(parts.Shards);
        services.AddSingleton(parts.Rotation);
        services.AddSingleton(parts.Leader);
        services.AddSingleton(parts.Tokens);
        services.AddSingleton(parts.Sign);
        services.AddSingleton(parts.Intentions);
        services.AddSingleton(parts.Audit);
        services.AddSingleton(new AdminAuthenticator(adminToken));

        var app = builder.Build();
        app.UseMiddleware<ApiErrorMiddleware>();
        CaEndpoints.Map(app);
        TokenEndpoints.Map(app);
        IntentionEndpoints.Map(app);
        AuditEndpoints.Map(app);
        HealthEndpoints.Map(app);
        app.MapFallback((HttpContext context) => throw ApiException.NotFound($"no such call: {context.Request.Method} {context.Request.Path}; see docs/policy-server-api.md"));
        return app;
    }

    public static Uri BoundAddress(WebApplication app, Uri listen)
    {
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;
        return new UriBuilder(listen) { Port = port }.Uri;
    }

    public static Serilog.Core.Logger CreateLogger(PolicyServerOptions options, HostDependencies dependencies)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(dependencies.MinimumLogLevel)
            .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
            .Enrich.FromLogContext();
        configuration = options.CompactLogs
            ? configuration.WriteTo.Console(new CompactJsonFormatter(), standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose)
            : configuration.WriteTo.Console(
                standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose,
                outputTemplate: "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        return configuration.CreateLogger();
    }
}
