namespace VmMesh.Consul.Tests.Watches;

/// <summary>A scripted blockable read: answers from a queue, records the options of every call, then hangs until cancelled.</summary>
public sealed class ScriptedQuery<T>
{
    private readonly Queue<Func<QueryResult<T>>> _script = new();
    private readonly List<QueryOptions> _calls = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<QueryOptions> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public ScriptedQuery<T> Then(T value, ulong index, string? hash = null)
    {
        lock (_gate)
        {
            _script.Enqueue(() => new QueryResult<T>(value, new QueryMeta { LastIndex = new ConsulIndex(index), ContentHash = hash }));
        }

        return this;
    }

    public ScriptedQuery<T> ThenFail(int times = 1)
    {
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                _script.Enqueue(() => throw new HttpRequestException("connection refused"));
            }
        }

        return this;
    }

    public async Task<QueryResult<T>> InvokeAsync(QueryOptions options, CancellationToken cancellationToken)
    {
        Func<QueryResult<T>>? next;
        lock (_gate)
        {
            _calls.Add(options);
            _script.TryDequeue(out next);
        }

        if (next is null)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        await Task.Yield();
        return next!();
    }
}
