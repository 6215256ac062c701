namespace VmMesh.Consul.Dev.State;

/// <summary>
/// One raft-like write: the index is taken lazily (only when something really changes, so no-op
/// writes bump nothing) and committed at the end; the topics to wake are collected on the way.
/// </summary>
internal sealed class WriteBatch
{
    private readonly ulong _current;
    private ulong _index;

    public WriteBatch(ulong current, DateTimeOffset now)
    {
        _current = current;
        Now = now;
    }

    public DateTimeOffset Now { get; }

    public HashSet<string> Topics { get; } = new(StringComparer.Ordinal);

    public bool Changed => _index != 0;

    /// <summary>The index of this write; taking it marks the write as a change.</summary>
    public ulong Index => _index == 0 ? _index = _current + 1 : _index;

    public void Wake(string topic) => Topics.Add(topic);

    public void Wake(IEnumerable<string> topics) => Topics.UnionWith(topics);

    /// <summary>Discards changes of a rolled-back transaction.</summary>
    public void Reset()
    {
        _index = 0;
        Topics.Clear();
    }
}
