using Microsoft.Extensions.Logging;
using VmMesh.Consul;

namespace VmMesh.Sidecar.Registration;

/// <summary>
/// Keeps the app and proxy registered: checks every <see cref="Interval"/> that the local agent still lists both and
/// registers again when it does not (a Consul that was down at start, a restarted dev Consul, an operator's
/// deregistration). Consul being unreachable is only logged: traffic does not depend on it.
/// </summary>
internal sealed partial class RegistrationKeeper(
    ConsulClient consul,
    ConsulRegistrar registrar,
    SidecarRegistrations registrations,
    TimeProvider timeProvider,
    ILogger<RegistrationKeeper> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, timeProvider, cancellationToken).ConfigureAwait(false);
                var services = await consul.Agent.ServicesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!services.ContainsKey(registrations.App.Id!) || !services.ContainsKey(registrations.Proxy.Id!))
                {
                    Missing(logger, registrations.App.Id!);
                    await registrar.RegisterAsync(registrations, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or ConsulException or TaskCanceledException)
            {
                Unreachable(logger, ex.Message);
            }
        }
    }

    [LoggerMessage(602, LogLevel.Warning, "Consul no longer lists {AppId} or its proxy; registering again")]
    private static partial void Missing(ILogger logger, string appId);

    [LoggerMessage(603, LogLevel.Warning, "Consul unreachable while checking the registration; traffic continues: {Reason}")]
    private static partial void Unreachable(ILogger logger, string reason);
}
