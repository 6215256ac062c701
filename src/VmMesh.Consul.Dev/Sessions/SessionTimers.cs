using Microsoft.Extensions.Logging;
using VmMesh.Consul.Dev.Hosting;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Sessions;

/// <summary>
/// Session TTLs: a session is invalidated TTL × multiplier after its last renew (deterministic,
/// the upper end of Consul's lazy window). Timers run on the injected TimeProvider.
/// </summary>
internal sealed class SessionTimers : IDisposable
{
    private readonly StateStore _store;
    private readonly TimeProvider _time;
    private readonly double _multiplier;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (ITimer Timer, TimeSpan Due)> _timers = new(StringComparer.Ordinal);

    public SessionTimers(StateStore store, TimeProvider time, double multiplier, ILogger logger)
    {
        _store = store;
        _time = time;
        _multiplier = multiplier;
        _logger = logger;
    }

    public void Start(SessionRecord session)
    {
        if (session.TtlValue <= TimeSpan.Zero)
        {
            return;
        }

        var due = session.TtlValue * _multiplier;
        var id = session.Id;
        lock (_gate)
        {
            _timers[id] = (_time.CreateTimer(_ => Expire(id), null, due, Timeout.InfiniteTimeSpan), due);
        }
    }

    public void Renew(string id)
    {
        lock (_gate)
        {
            if (_timers.TryGetValue(id, out var entry))
            {
                entry.Timer.Change(entry.Due, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Remove(string id)
    {
        lock (_gate)
        {
            if (_timers.Remove(id, out var entry))
            {
                entry.Timer.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var (timer, _) in _timers.Values)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }
    }

    private void Expire(string id)
    {
        Remove(id);
        if (_store.Session(id) is not null)
        {
            DevConsulLog.SessionExpired(_logger, id);
            _store.DestroySession(id);
        }
    }
}
