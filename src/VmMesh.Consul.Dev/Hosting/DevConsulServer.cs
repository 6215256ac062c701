// The public face of the dev server: StartAsync wires the runtime and a bare Kestrel host whose
// only middleware is the Consul router (so 404/405/OPTIONS/headers are exactly Consul's), binds
// BindAddress:Port, and reports the real address. ASP.NET's own logging is switched off.
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VmMesh.Consul.Dev.Hosting;
using VmMesh.Consul.Dev.Http;

namespace VmMesh.Consul.Dev;

/// <summary>The embedded, in-memory, Consul-compatible dev server, listening on a real socket.</summary>
public sealed class DevConsulServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DevConsulRuntime _runtime;
    private int _stopped;

    private DevConsulServer(WebApplication app, DevConsulRuntime runtime, Uri address)
    {
        _app = app;
        _runtime = runtime;
        Address = address;
    }

    /// <summary>Base address, e.g. http://127.0.0.1:8500/ (the real port when 0 was asked for), with a trailing slash.</summary>
    public Uri Address { get; }

    /// <summary>The runtime, for tests in this assembly family (wake-up counters, fake clock effects).</summary>
    internal DevConsulRuntime Runtime => _runtime;

    public static async Task<DevConsulServer> StartAsync(DevConsulOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!IPAddress.TryParse(options.BindAddress, out var bind))
        {
            throw new ArgumentException($"DevConsulOptions.BindAddress '{options.BindAddress}' is not an IP address; use e.g. 127.0.0.1 or 0.0.0.0.", nameof(options));
        }

        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("VmMesh.Consul.Dev");
        var runtime = new DevConsulRuntime(options, logger);
        var router = new ConsulRouter(DevConsulRoutes.Build(runtime), options, logger);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Listen(bind, options.Port);
        });
        builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        var app = builder.Build();
        app.Run(router.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await runtime.DisposeAsync();
            await app.DisposeAsync();
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var address = new Uri(bound.TrimEnd('/') + "/");
        DevConsulLog.Started(logger, address, options.Datacenter, runtime.Store.Node.Name);
        return new DevConsulServer(app, runtime, address);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _runtime.DisposeAsync();
        await _app.StopAsync(cancellationToken);
        DevConsulLog.Stopped(_runtime.Logger);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
