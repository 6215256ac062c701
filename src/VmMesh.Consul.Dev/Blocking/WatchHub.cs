// Per-topic wake-ups for blocking queries. A topic is a precise thing a query depends on
// ("kv:a/b", "kvp:a/", "svc:web", "connect:web", …). A watcher takes the topic's current
// TaskCompletionSource; a write completes and removes it, so only watchers of the touched
// topics wake (thousands of idle sidecars stay asleep). Nothing polls.
using System.Collections.Concurrent;

namespace VmMesh.Consul.Dev.Blocking;

internal sealed class WatchHub
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Waiters> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _wakeUps = new(StringComparer.Ordinal);

    /// <summary>A task that completes at the next change of <paramref name="topic"/>; pair with <see cref="Release"/>.</summary>
    public Task Watch(string topic)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(topic, out var waiters))
            {
                waiters = new Waiters();
                _pending.Add(topic, waiters);
            }

            waiters.Count++;
            return waiters.Source.Task;
        }
    }

    /// <summary>
    /// A watcher that stops waiting (timeout, disconnect) gives its place back, so topics nobody
    /// waits on any more do not pile up between writes.
    /// </summary>
    public void Release(string topic, Task watched)
    {
        lock (_gate)
        {
            if (_pending.TryGetValue(topic, out var waiters) && waiters.Source.Task == watched && --waiters.Count <= 0)
            {
                _pending.Remove(topic);
            }
        }
    }

    /// <summary>Wakes the watchers of each topic; topics nobody watches cost one dictionary lookup.</summary>
    public void Fire(IEnumerable<string> topics)
    {
        List<TaskCompletionSource>? woken = null;
        lock (_gate)
        {
            foreach (var topic in topics)
            {
                if (_pending.Remove(topic, out var waiters))
                {
                    (woken ??= []).Add(waiters.Source);
                    _wakeUps.AddOrUpdate(topic, 1, static (_, n) => n + 1);
                }
            }
        }

        if (woken is not null)
        {
            foreach (var source in woken)
            {
                source.TrySetResult();
            }
        }
    }

    /// <summary>True once the server stops: blocked queries answer with what they have.</summary>
    public bool IsShuttingDown { get; private set; }

    /// <summary>Wakes everybody for shutdown.</summary>
    public void Shutdown()
    {
        IsShuttingDown = true;
        string[] topics;
        lock (_gate)
        {
            topics = [.. _pending.Keys];
        }

        Fire(topics);
    }

    /// <summary>How many times watchers of <paramref name="topic"/> were woken (for tests and diagnostics).</summary>
    public long WakeUps(string topic) => _wakeUps.TryGetValue(topic, out var n) ? n : 0;

    /// <summary>Total wake-ups across all topics.</summary>
    public long TotalWakeUps => _wakeUps.Values.Sum();

    public int WatchedTopics
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    private sealed class Waiters
    {
        public TaskCompletionSource Source { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count { get; set; }
    }
}
