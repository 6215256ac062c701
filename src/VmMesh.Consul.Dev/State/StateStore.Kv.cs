// KV access to the store: reads under the lock, writes as one batch, transactions on a clone.
using VmMesh.Consul.Dev.Http;

namespace VmMesh.Consul.Dev.State;

internal sealed partial class StateStore
{
    /// <summary>A single key and the index to report (its ModifyIndex, or the KV table index when missing).</summary>
    public (ulong Index, KvEntry? Entry) KvGet(string key) => Read(() =>
    {
        var entry = _kv.Get(key);
        return (entry?.ModifyIndex ?? _kv.Index, entry);
    });

    public (ulong Index, IReadOnlyList<KvEntry> Entries) KvList(string prefix)
        => Read(() => (_kv.PrefixIndex(prefix), (IReadOnlyList<KvEntry>)_kv.List(prefix).ToList()));

    /// <summary>A KV write; <paramref name="write"/> runs under the lock.</summary>
    public T KvWrite<T>(Func<KvTable, WriteBatch, T> write) => Write(batch => write(_kv, batch));

    /// <summary>Acquire; an unknown session is Consul's 500 <c>invalid session "S"</c>.</summary>
    public bool KvAcquire(string key, byte[] value, ulong flags, string session) => Write(batch =>
    {
        RequireSession(session);
        return _kv.Lock(batch, key, value, flags, session) is not null;
    });

    /// <summary>
    /// Runs a transaction against a copy of the KV table; the copy replaces the table only when
    /// <paramref name="run"/> succeeds, so a failed txn changes nothing and takes no index.
    /// </summary>
    public T KvTransaction<T>(Func<KvTable, WriteBatch, Func<string, bool>, (bool Ok, T Result)> run) => Write(batch =>
    {
        var copy = _kv.Clone();
        var (ok, result) = run(copy, batch, _sessions.ContainsKey);
        if (ok)
        {
            _kv = copy;
        }
        else
        {
            batch.Reset();
        }

        return result;
    });

    private void RequireSession(string session)
    {
        if (!_sessions.ContainsKey(session))
        {
            throw new ConsulHttpError(500, $"invalid session \"{session}\"");
        }
    }
}
