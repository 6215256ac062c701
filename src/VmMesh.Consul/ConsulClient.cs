using Microsoft.Extensions.Logging;
using VmMesh.Consul.Agent;
using VmMesh.Consul.Catalog;
using VmMesh.Consul.Health;
using VmMesh.Consul.Http;
using VmMesh.Consul.Kv;
using VmMesh.Consul.Sessions;
using VmMesh.Consul.Status;
using VmMesh.Consul.Txn;
using VmMesh.Consul.Watches;

namespace VmMesh.Consul;

/// <summary>
/// Typed client for one Consul agent's HTTP API (reference/consul-api.md). Requests flow endpoint group → transport
/// (token header, per-request timeout, retry of idempotent calls) → one HttpClient. Watches and the leader election
/// helper are built on the same endpoints. Thread-safe; create one per base address and dispose it at shutdown.
/// </summary>
public sealed class ConsulClient : IDisposable
{
    private readonly ConsulTransport _transport;
    private readonly WatchFactory _watches;

    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public ConsulClient(ConsulClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ConsulClientOptionsValidator.Validate(options);
        Options = options;
        Random = new ConsulRandom(options.Random);
        _transport = new ConsulTransport(options, Random, options.LoggerFactory.CreateLogger("VmMesh.Consul.Http"));
        _watches = new WatchFactory(options, Random, options.LoggerFactory.CreateLogger("VmMesh.Consul.Watches"));
        Agent = new AgentEndpoint(_transport, _watches);
        Health = new HealthEndpoint(_transport, _watches);
        Catalog = new CatalogEndpoint(_transport);
        KV = new KvEndpoint(_transport, _watches);
        Txn = new TxnEndpoint(_transport);
        Sessions = new SessionEndpoint(_transport);
        Status = new StatusEndpoint(_transport);
    }

    public ConsulClientOptions Options { get; }

    public AgentEndpoint Agent { get; }

    public HealthEndpoint Health { get; }

    public CatalogEndpoint Catalog { get; }

    public KvEndpoint KV { get; }

    public TxnEndpoint Txn { get; }

    public SessionEndpoint Sessions { get; }

    public StatusEndpoint Status { get; }

    internal ConsulRandom Random { get; }

    /// <summary>A watch over any index-blockable read, sharing this client's clock, jitter source and watch options.</summary>
    public BlockingQueryWatch<T> Watch<T>(Func<QueryOptions, CancellationToken, Task<QueryResult<T>>> query, IEqualityComparer<T>? comparer = null)
        => _watches.Create(query, comparer ?? EqualityComparer<T>.Default, typeof(T).Name);

    public void Dispose() => _transport.Dispose();
}
