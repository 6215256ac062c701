using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VmMesh.Sidecar.Hosting;

/// <summary>
/// The sidecar's listeners (inbound, outbound, admin) are each a small Kestrel host; this is their one set-up:
/// the sidecar's own logger factory, no Server header, and a start that cleans up after itself when it fails.
/// </summary>
internal static class ListenerHost
{
    public static WebApplicationBuilder CreateBuilder(ILoggerFactory loggerFactory, Action<KestrelServerOptions> listen)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            listen(kestrel);
        });
        return builder;
    }

    /// <summary>
    /// Starts <paramref name="app"/> and returns the port of its first listener (Kestrel lists addresses in the order
    /// they were configured; the real port also when 0 was configured). On failure disposes the app and
    /// <paramref name="owned"/>, then rethrows.
    /// </summary>
    public static async Task<int> StartAsync(WebApplication app, IDisposable? owned, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            owned?.Dispose();
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new Uri(addresses.First()).Port;
    }
}
