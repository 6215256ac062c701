using VmMesh.Consul.Http;
using VmMesh.Consul.Json;
using VmMesh.Consul.Watches;

namespace VmMesh.Consul.Health;

/// <summary>
/// <c>/v1/health/*</c> (§4): instances with their checks. <see cref="WatchService"/> and <see cref="WatchConnect"/>
/// are what sidecars use to follow healthy endpoints.
/// </summary>
public sealed class HealthEndpoint
{
    private readonly ConsulTransport _transport;
    private readonly WatchFactory _watches;

    internal HealthEndpoint(ConsulTransport transport, WatchFactory watches)
    {
        _transport = transport;
        _watches = watches;
    }

    public Task<QueryResult<IReadOnlyList<ServiceEntry>>> ServiceAsync(string service, HealthQuery? query = null, QueryOptions? options = null, CancellationToken cancellationToken = default)
        => EntriesAsync(ConsulPaths.Segment("v1/health/service/", service, nameof(service)), query, options, cancellationToken);

    /// <summary>Mesh entry points of a service: its connect proxies and Connect-native instances (§4.2).</summary>
    public Task<QueryResult<IReadOnlyList<ServiceEntry>>> ConnectAsync(string service, HealthQuery? query = null, QueryOptions? options = null, CancellationToken cancellationToken = default)
        => EntriesAsync(ConsulPaths.Segment("v1/health/connect/", service, nameof(service)), query, options, cancellationToken);

    public IAsyncEnumerable<QueryResult<IReadOnlyList<ServiceEntry>>> WatchService(string service, HealthQuery? query = null, CancellationToken cancellationToken = default)
        => Watch("health/service", (options, token) => ServiceAsync(service, query, options, token), cancellationToken);

    public IAsyncEnumerable<QueryResult<IReadOnlyList<ServiceEntry>>> WatchConnect(string service, HealthQuery? query = null, CancellationToken cancellationToken = default)
        => Watch("health/connect", (options, token) => ConnectAsync(service, query, options, token), cancellationToken);

    /// <summary>Checks of every instance of a service (no node checks).</summary>
    public Task<QueryResult<IReadOnlyList<HealthCheck>>> ChecksAsync(string service, QueryOptions? options = null, CancellationToken cancellationToken = default)
        => ChecksAtAsync(ConsulPaths.Segment("v1/health/checks/", service, nameof(service)), options, cancellationToken);

    /// <summary>Checks in a given state, datacenter-wide.</summary>
    public Task<QueryResult<IReadOnlyList<HealthCheck>>> StateAsync(HealthState state, QueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        var wire = state switch
        {
            HealthState.Any => "any",
            HealthState.Passing => HealthStatuses.Passing,
            HealthState.Warning => HealthStatuses.Warning,
            HealthState.Critical => HealthStatuses.Critical,
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Use Any, Passing, Warning or Critical."),
        };
        return ChecksAtAsync("v1/health/state/" + wire, options, cancellationToken);
    }

    private async Task<QueryResult<IReadOnlyList<ServiceEntry>>> EntriesAsync(string path, HealthQuery? health, QueryOptions? options, CancellationToken cancellationToken)
    {
        health ??= HealthQuery.Default;
        var query = new QueryBuilder();
        foreach (var tag in health.Tags)
        {
            query.Add("tag", tag);
        }

        query.FlagIf(health.PassingOnly, "passing").AddIfNotEmpty("filter", health.Filter);
        var wait = _transport.ApplyQueryOptions(query, options);
        var request = new ConsulRequest { Method = HttpMethod.Get, Path = path, Query = query.Parameters, Idempotent = true, BlockingWait = wait };
        var response = await _transport.SendExpectingAsync(request, cancellationToken);
        IReadOnlyList<ServiceEntry> entries = ConsulTransport.Deserialize(response, ConsulJson.Context.ListServiceEntry, []);
        return new(entries, response.Meta);
    }

    private async Task<QueryResult<IReadOnlyList<HealthCheck>>> ChecksAtAsync(string path, QueryOptions? options, CancellationToken cancellationToken)
    {
        var query = new QueryBuilder();
        var wait = _transport.ApplyQueryOptions(query, options);
        var request = new ConsulRequest { Method = HttpMethod.Get, Path = path, Query = query.Parameters, Idempotent = true, BlockingWait = wait };
        var response = await _transport.SendExpectingAsync(request, cancellationToken);
        IReadOnlyList<HealthCheck> checks = ConsulTransport.Deserialize(response, ConsulJson.Context.ListHealthCheck, []);
        return new(checks, response.Meta);
    }

    private IAsyncEnumerable<QueryResult<IReadOnlyList<ServiceEntry>>> Watch(
        string name,
        Func<QueryOptions, CancellationToken, Task<QueryResult<IReadOnlyList<ServiceEntry>>>> query,
        CancellationToken cancellationToken)
        => _watches.Create(query, CanonicalComparers.ForList(ConsulJson.Context.ListServiceEntry), name).WatchAsync(cancellationToken);
}
