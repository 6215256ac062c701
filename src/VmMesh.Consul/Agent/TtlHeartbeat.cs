using System.Net;
using Microsoft.Extensions.Logging;
using VmMesh.Consul.Health;

namespace VmMesh.Consul.Agent;

/// <summary>
/// Keeps a service registered and its TTL check fresh (§12): registers, then every TTL/3 reports the probe's status
/// with <c>/v1/agent/check/update</c>. When the agent has forgotten the check (404 <c>Unknown check ID</c>, or 500
/// <c>does not have associated TTL</c> after a restart without a data dir) it registers again and reports at once.
/// Other failures are logged and retried on the next beat. Ends cleanly when cancelled.
/// </summary>
public sealed class TtlHeartbeat
{
    private readonly ConsulClient _client;
    private readonly AgentServiceRegistration _registration;
    private readonly string _checkId;
    private readonly TimeSpan _interval;
    private readonly Func<CancellationToken, Task<HeartbeatReport>> _probe;
    private readonly ILogger _logger;

    /// <param name="registration">The desired registration; must contain the TTL check <paramref name="checkId"/>.</param>
    /// <param name="ttl">The check's TTL; beats are sent every third of it.</param>
    /// <param name="probe">Decides the status to report; null always reports passing.</param>
    public TtlHeartbeat(ConsulClient client, AgentServiceRegistration registration, string checkId, TimeSpan ttl, Func<CancellationToken, Task<HeartbeatReport>>? probe = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentException.ThrowIfNullOrWhiteSpace(checkId);
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "The TTL must be positive; use the TTL the check was registered with.");
        }

        _client = client;
        _registration = registration;
        _checkId = checkId;
        _interval = ttl / 3;
        _probe = probe ?? (_ => Task.FromResult(new HeartbeatReport(CheckStatus.Passing, null)));
        _logger = client.Options.LoggerFactory.CreateLogger("VmMesh.Consul.Agent");
    }

    /// <summary>Registers and beats until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var registered = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!registered)
                {
                    await _client.Agent.RegisterServiceAsync(_registration, cancellationToken);
                    registered = true;
                }

                var report = await _probe(cancellationToken);
                await _client.Agent.UpdateTtlAsync(_checkId, report.Status, report.Output, cancellationToken);
                await Task.Delay(_interval, _client.Options.TimeProvider, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ConsulException ex) when (IsForgotten(ex))
            {
                HeartbeatLog.Reregistering(_logger, _registration.Id ?? _registration.Name, (int)ex.StatusCode);
                registered = false;
            }
#pragma warning disable CA1031 // A failed beat is retried on the next one; the TTL tolerates a few misses.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                HeartbeatLog.BeatFailed(_logger, ex, _registration.Id ?? _registration.Name, _interval);
                if (!await DelayAsync(cancellationToken))
                {
                    return;
                }
            }
        }
    }

    private static bool IsForgotten(ConsulException exception)
        => exception.StatusCode == HttpStatusCode.NotFound || exception.BodyContains("does not have associated TTL");

    private async Task<bool> DelayAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_interval, _client.Options.TimeProvider, cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
