using Microsoft.Extensions.Logging;
using VmMesh.Consul.Dev.Hosting;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Checks;

/// <summary>
/// Every ReaperInterval, deregisters services that have a check critical for longer than its
/// DeregisterCriticalServiceAfter (never less than the configured minimum), like Consul's reaper.
/// </summary>
internal sealed class CriticalServiceReaper : IAsyncDisposable
{
    private readonly StateStore _store;
    private readonly CheckScheduler _checks;
    private readonly DevConsulOptions _options;
    private readonly ILogger _logger;
    private readonly ITimer _timer;

    public CriticalServiceReaper(StateStore store, CheckScheduler checks, DevConsulOptions options, ILogger logger)
    {
        _store = store;
        _checks = checks;
        _options = options;
        _logger = logger;
        _timer = options.TimeProvider.CreateTimer(_ => RunOnce(), null, options.ReaperInterval, options.ReaperInterval);
    }

    public IReadOnlyList<string> RunOnce()
    {
        try
        {
            var removed = _store.ReapCriticalServices(_options.MinimumDeregisterCriticalServiceAfter);
            foreach (var id in removed)
            {
                DevConsulLog.ServiceReaped(_logger, id);
            }

            if (removed.Count > 0)
            {
                _checks.Sync();
            }

            return removed;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            DevConsulLog.BackgroundFailed(_logger, "reaper", ex);
            return [];
        }
    }

    public ValueTask DisposeAsync() => _timer.DisposeAsync();
}
