using Microsoft.Extensions.Logging;
using VmMesh.Consul;

namespace VmMesh.Sidecar.Registration;

/// <summary>
/// Registers the app and then its proxy (so the proxy never points at a missing instance) with
/// <c>replace-existing-checks</c>, and on graceful shutdown removes them in the reverse order.
/// </summary>
internal sealed partial class ConsulRegistrar(ConsulClient consul, ILogger<ConsulRegistrar> logger)
{
    public async Task RegisterAsync(SidecarRegistrations registrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        await consul.Agent.RegisterServiceAsync(registrations.App, cancellationToken).ConfigureAwait(false);
        await consul.Agent.RegisterServiceAsync(registrations.Proxy, cancellationToken).ConfigureAwait(false);
        Registered(logger, registrations.App.Id!, registrations.Proxy.Id!, registrations.Proxy.Port ?? 0);
    }

    public async Task DeregisterAsync(SidecarRegistrations registrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        await consul.Agent.DeregisterServiceAsync(registrations.Proxy.Id!, cancellationToken).ConfigureAwait(false);
        await consul.Agent.DeregisterServiceAsync(registrations.App.Id!, cancellationToken).ConfigureAwait(false);
        Deregistered(logger, registrations.App.Id!, registrations.Proxy.Id!);
    }

    [LoggerMessage(600, LogLevel.Information, "Registered {AppId} and {ProxyId} (inbound port {Port}) in Consul")]
    private static partial void Registered(ILogger logger, string appId, string proxyId, int port);

    [LoggerMessage(601, LogLevel.Information, "Deregistered {ProxyId} and {AppId} from Consul")]
    private static partial void Deregistered(ILogger logger, string appId, string proxyId);
}
