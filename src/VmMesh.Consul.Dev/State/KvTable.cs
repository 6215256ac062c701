// The KV table: entries and tombstones sorted by key (byte order), lock-delay windows, and the
// semantics of contract §6 (CAS, acquire/release, no-op writes, tombstone indexes). A txn works
// on a clone and swaps it in only when every operation succeeded.
using VmMesh.Consul.Dev.Blocking;

namespace VmMesh.Consul.Dev.State;

internal sealed class KvTable
{
    private readonly SortedList<string, KvEntry> _entries;
    private readonly SortedList<string, ulong> _tombstones;
    private readonly Dictionary<string, DateTimeOffset> _lockDelays;

    public KvTable()
    {
        _entries = new SortedList<string, KvEntry>(StringComparer.Ordinal);
        _tombstones = new SortedList<string, ulong>(StringComparer.Ordinal);
        _lockDelays = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
    }

    private KvTable(KvTable other)
    {
        _entries = new SortedList<string, KvEntry>(other._entries, StringComparer.Ordinal);
        _tombstones = new SortedList<string, ulong>(other._tombstones, StringComparer.Ordinal);
        _lockDelays = new Dictionary<string, DateTimeOffset>(other._lockDelays, StringComparer.Ordinal);
        Index = other.Index;
        BumpOnIdenticalWrite = other.BumpOnIdenticalWrite;
    }

    /// <summary>When true, identical writes still take a new index (older Consul versions).</summary>
    public bool BumpOnIdenticalWrite { get; init; }

    /// <summary>Max index of any KV write, deletes included.</summary>
    public ulong Index { get; private set; }

    public KvTable Clone() => new(this);

    public KvEntry? Get(string key) => _entries.TryGetValue(key, out var e) ? e : null;

    public IEnumerable<KvEntry> List(string prefix)
    {
        var keys = _entries.Keys;
        for (var i = LowerBound(keys, prefix); i < keys.Count && keys[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            yield return _entries.Values[i];
        }
    }

    /// <summary>The index a prefix read reports: max of entries and tombstones under it, else the table index.</summary>
    public ulong PrefixIndex(string prefix)
    {
        if (prefix.Length == 0)
        {
            return Index;
        }

        ulong max = 0;
        var found = false;
        foreach (var e in List(prefix))
        {
            found = true;
            max = Math.Max(max, e.ModifyIndex);
        }

        var keys = _tombstones.Keys;
        for (var i = LowerBound(keys, prefix); i < keys.Count && keys[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            found = true;
            max = Math.Max(max, _tombstones.Values[i]);
        }

        return found ? max : Index;
    }

    public bool InLockDelay(string key, DateTimeOffset now) => _lockDelays.TryGetValue(key, out var until) && until > now;

    /// <summary>Plain set (keeps an existing lock holder); identical value and flags change nothing.</summary>
    public KvEntry Set(WriteBatch batch, string key, byte[] value, ulong flags)
    {
        var existing = Get(key);
        if (existing is not null && !BumpOnIdenticalWrite && existing.Flags == flags && existing.Value.AsSpan().SequenceEqual(value))
        {
            return existing;
        }

        var entry = existing is null
            ? new KvEntry(key, value, flags, null, 0, batch.Index, batch.Index)
            : existing with { Value = value, Flags = flags, ModifyIndex = batch.Index };
        Put(batch, entry);
        return entry;
    }

    /// <summary>Check-and-set: 0 = create only; N = only when ModifyIndex is N.</summary>
    public KvEntry? Cas(WriteBatch batch, string key, byte[] value, ulong flags, ulong cas)
    {
        var existing = Get(key);
        if ((cas == 0 && existing is not null) || (cas != 0 && (existing is null || existing.ModifyIndex != cas)))
        {
            return null;
        }

        return Set(batch, key, value, flags);
    }

    /// <summary>Acquire for <paramref name="session"/>; null when held by another session or in lock-delay.</summary>
    public KvEntry? Lock(WriteBatch batch, string key, byte[] value, ulong flags, string session)
    {
        if (InLockDelay(key, batch.Now))
        {
            return null;
        }

        var existing = Get(key);
        if (existing?.Session is { } holder && holder != session)
        {
            return null;
        }

        KvEntry entry;
        if (existing is null)
        {
            entry = new KvEntry(key, value, flags, session, 1, batch.Index, batch.Index);
        }
        else if (existing.Session == session)
        {
            if (existing.Flags == flags && existing.Value.AsSpan().SequenceEqual(value))
            {
                return existing;
            }

            entry = existing with { Value = value, Flags = flags, ModifyIndex = batch.Index };
        }
        else
        {
            entry = existing with { Value = value, Flags = flags, Session = session, LockIndex = existing.LockIndex + 1, ModifyIndex = batch.Index };
        }

        Put(batch, entry);
        return entry;
    }

    /// <summary>Release by its holder (no lock-delay); null when not held by <paramref name="session"/>.</summary>
    public KvEntry? Unlock(WriteBatch batch, string key, byte[] value, ulong flags, string session)
    {
        var existing = Get(key);
        if (existing is null || existing.Session != session)
        {
            return null;
        }

        var entry = existing with { Value = value, Flags = flags, Session = null, ModifyIndex = batch.Index };
        Put(batch, entry);
        return entry;
    }

    public bool Delete(WriteBatch batch, string key)
    {
        if (!_entries.Remove(key))
        {
            return false;
        }

        _tombstones[key] = batch.Index;
        Index = batch.Index;
        batch.Wake(Topics.ForKey(key));
        return true;
    }

    /// <summary>CAS delete: a missing key counts as deleted (true); a mismatch (or 0) is false.</summary>
    public bool DeleteCas(WriteBatch batch, string key, ulong cas)
    {
        var existing = Get(key);
        if (existing is null)
        {
            return true;
        }

        if (existing.ModifyIndex != cas)
        {
            return false;
        }

        return Delete(batch, key);
    }

    public void DeleteTree(WriteBatch batch, string prefix)
    {
        foreach (var key in List(prefix).Select(e => e.Key).ToList())
        {
            Delete(batch, key);
        }
    }

    /// <summary>Session invalidation: release or delete its keys and start their lock-delay.</summary>
    public void InvalidateSession(WriteBatch batch, SessionRecord session)
    {
        var held = _entries.Values.Where(e => e.Session == session.Id).ToList();
        foreach (var e in held)
        {
            if (session.Behavior == "delete")
            {
                Delete(batch, e.Key);
            }
            else
            {
                Put(batch, e with { Session = null, ModifyIndex = batch.Index });
            }

            if (session.LockDelay > TimeSpan.Zero)
            {
                _lockDelays[e.Key] = batch.Now + session.LockDelay;
            }
        }
    }

    private void Put(WriteBatch batch, KvEntry entry)
    {
        _entries[entry.Key] = entry;
        _tombstones.Remove(entry.Key);
        Index = batch.Index;
        batch.Wake(Topics.ForKey(entry.Key));
    }

    private static int LowerBound(IList<string> keys, string value)
    {
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(keys[mid], value) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
