// The wait loop of contract §2.1/§2.4: subscribe to the query's topics, evaluate, answer when
// the index moved past the caller's (or the hash differs), else sleep until a topic fires or
// the wait (default 5 min, cap 10 min, plus jitter) ends; then answer with the current data.
using VmMesh.Consul.Dev.Http;

namespace VmMesh.Consul.Dev.Blocking;

internal sealed class BlockingQuery
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    private readonly WatchHub _hub;
    private readonly TimeProvider _time;
    private readonly double _jitterFraction;
    private readonly Random _random;

    public BlockingQuery(WatchHub hub, TimeProvider time, double jitterFraction, Random random)
    {
        _hub = hub;
        _time = time;
        _jitterFraction = jitterFraction;
        _random = random;
    }

    public TimeSpan Timeout(TimeSpan wait)
    {
        var timeout = wait <= TimeSpan.Zero ? DefaultWait : wait > MaxWait ? MaxWait : wait;
        if (_jitterFraction > 0)
        {
            double r;
            lock (_random)
            {
                r = _random.NextDouble();
            }

            timeout += TimeSpan.FromTicks((long)(timeout.Ticks * _jitterFraction * r));
        }

        return timeout;
    }

    /// <summary>Index blocking: <paramref name="evaluate"/> must set <see cref="ConsulReply.Index"/>.</summary>
    public Task<ConsulReply> RunAsync(QueryOptions query, IReadOnlyList<string> topics, Func<ConsulReply> evaluate, CancellationToken cancellationToken)
    {
        var min = query.MinIndex;
        if (min == 0)
        {
            return Task.FromResult(evaluate());
        }

        return LoopAsync(query.Wait, topics, evaluate, r => Math.Max(r.Index ?? 0, 1) > min, cancellationToken);
    }

    /// <summary>Hash blocking: answers when the content hash differs from ?hash.</summary>
    public Task<ConsulReply> RunHashAsync(QueryOptions query, IReadOnlyList<string> topics, Func<ConsulReply> evaluate, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(query.Hash))
        {
            return Task.FromResult(evaluate());
        }

        return LoopAsync(query.Wait, topics, evaluate, r => !string.Equals(r.ContentHash, query.Hash, StringComparison.Ordinal), cancellationToken);
    }

    private async Task<ConsulReply> LoopAsync(TimeSpan wait, IReadOnlyList<string> topics, Func<ConsulReply> evaluate, Func<ConsulReply, bool> changed, CancellationToken cancellationToken)
    {
        using var timerCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(Timeout(wait), _time, timerCancel.Token);
        try
        {
            while (true)
            {
                // Subscribe before evaluating, so a write between the two cannot be missed.
                var watched = new Task[topics.Count];
                for (var i = 0; i < topics.Count; i++)
                {
                    watched[i] = _hub.Watch(topics[i]);
                }

                try
                {
                    var reply = evaluate();
                    if (changed(reply) || timer.IsCompleted || _hub.IsShuttingDown)
                    {
                        return reply;
                    }

                    await Task.WhenAny(watched.Append(timer));
                    cancellationToken.ThrowIfCancellationRequested();
                }
                finally
                {
                    for (var i = 0; i < topics.Count; i++)
                    {
                        _hub.Release(topics[i], watched[i]);
                    }
                }
            }
        }
        finally
        {
            await timerCancel.CancelAsync();
        }
    }
}
