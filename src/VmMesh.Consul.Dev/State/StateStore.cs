// The in-memory state of the dev server: one lock, one global raft-like index, the synthetic
// node, services, checks, KV and sessions. Every mutation is one WriteBatch: it takes the next
// index only if something really changed, stamps Create/ModifyIndex and per-collection indexes,
// collects the watch topics it touched, and fires them after the lock is released.
using System.Collections.Immutable;
using VmMesh.Consul.Dev.Blocking;

namespace VmMesh.Consul.Dev.State;

internal sealed partial class StateStore
{
    public const string SerfHealthId = "serfHealth";
    public const string NodeMaintenanceId = "_node_maintenance";
    public const string ServiceMaintenancePrefix = "_service_maintenance:";

    private readonly Lock _gate = new();
    private readonly WatchHub _hub;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, ServiceRecord> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CheckRecord> _checks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> _serviceIndexes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> _connectIndexes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SessionRecord> _sessions = new(StringComparer.Ordinal);
    private ulong _index;
    private ulong _servicesIndex;
    private ulong _checksIndex;
    private readonly ulong _nodesIndex;
    private ulong _extinctionIndex;
    private ulong _sessionsIndex;
    private readonly bool _bumpOnIdenticalWrite;
    private KvTable _kv;

    public StateStore(WatchHub hub, TimeProvider time, string nodeId, string nodeName, string nodeAddress, string datacenter, string version, bool bumpOnIdenticalWrite = false)
    {
        _hub = hub;
        _time = time;
        _bumpOnIdenticalWrite = bumpOnIdenticalWrite;
        _kv = new KvTable { BumpOnIdenticalWrite = bumpOnIdenticalWrite };

        // Start high and time-derived, so a restarted dev server rarely makes client indexes go backwards.
        _index = (ulong)Math.Max(2, time.GetUtcNow().ToUnixTimeSeconds());
        var start = ++_index;
        var tagged = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new KeyValuePair<string, string>[]
        {
            new("lan", nodeAddress), new("lan_ipv4", nodeAddress), new("wan", nodeAddress), new("wan_ipv4", nodeAddress),
        });
        var meta = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new KeyValuePair<string, string>[]
        {
            new("consul-network-segment", string.Empty), new("consul-version", version),
        });
        Node = new NodeRecord(nodeId, nodeName, nodeAddress, datacenter, tagged, meta, start, start);
        _nodesIndex = start;
        _checks[SerfHealthId] = new CheckRecord
        {
            CheckId = SerfHealthId,
            Name = "Serf Health Status",
            Status = CheckStatus.Passing,
            Output = "Agent alive and reachable",
            CreateIndex = start,
            ModifyIndex = start,
        };
        _checksIndex = start;
        var consul = ++_index;
        _services["consul"] = new ServiceRecord { Id = "consul", Name = "consul", Port = 8300, CreateIndex = consul, ModifyIndex = consul };
        _serviceIndexes["consul"] = consul;
        _servicesIndex = consul;
    }

    public NodeRecord Node { get; }

    public TimeProvider Time => _time;

    public ulong CurrentIndex
    {
        get
        {
            lock (_gate)
            {
                return _index;
            }
        }
    }

    /// <summary>Runs <paramref name="read"/> under the lock (records are immutable, so results can leave it).</summary>
    public T Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private T Write<T>(Func<WriteBatch, T> action)
    {
        WriteBatch batch;
        T result;
        lock (_gate)
        {
            batch = new WriteBatch(_index, _time.GetUtcNow());
            result = action(batch);
            if (batch.Changed)
            {
                _index = batch.Index;
            }
        }

        if (batch.Topics.Count > 0)
        {
            _hub.Fire(batch.Topics);
        }

        return result;
    }
}
