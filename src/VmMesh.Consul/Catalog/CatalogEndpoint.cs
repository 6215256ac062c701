using VmMesh.Consul.Http;
using VmMesh.Consul.Json;

namespace VmMesh.Consul.Catalog;

/// <summary><c>/v1/catalog/*</c> (§5): what is registered across the datacenter, without health.</summary>
public sealed class CatalogEndpoint
{
    private readonly ConsulTransport _transport;

    internal CatalogEndpoint(ConsulTransport transport) => _transport = transport;

    /// <summary>Service names with the union of their instances' tags.</summary>
    public async Task<QueryResult<IReadOnlyDictionary<string, IReadOnlyList<string>>>> ServicesAsync(QueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await GetAsync("v1/catalog/services", new QueryBuilder(), options, cancellationToken);
        var raw = ConsulTransport.Deserialize(response, ConsulJson.Context.DictionaryStringListString, []);
        IReadOnlyDictionary<string, IReadOnlyList<string>> services = raw.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)(pair.Value ?? []));
        return new(services, response.Meta);
    }

    public async Task<QueryResult<IReadOnlyList<CatalogService>>> ServiceAsync(string service, string? tag = null, string? filter = null, QueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder().AddIfNotEmpty("tag", tag).AddIfNotEmpty("filter", filter);
        var response = await GetAsync(ConsulPaths.Segment("v1/catalog/service/", service, nameof(service)), query, options, cancellationToken);
        IReadOnlyList<CatalogService> services = ConsulTransport.Deserialize(response, ConsulJson.Context.ListCatalogService, []);
        return new(services, response.Meta);
    }

    public async Task<QueryResult<IReadOnlyList<CatalogNode>>> NodesAsync(QueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await GetAsync("v1/catalog/nodes", new QueryBuilder(), options, cancellationToken);
        IReadOnlyList<CatalogNode> nodes = ConsulTransport.Deserialize(response, ConsulJson.Context.ListCatalogNode, []);
        return new(nodes, response.Meta);
    }

    public async Task<IReadOnlyList<string>> DatacentersAsync(CancellationToken cancellationToken = default)
    {
        var request = new ConsulRequest { Method = HttpMethod.Get, Path = "v1/catalog/datacenters", Idempotent = true };
        var response = await _transport.SendExpectingAsync(request, cancellationToken);
        return ConsulTransport.Deserialize(response, ConsulJson.Context.ListString, []);
    }

    private async Task<ConsulResponse> GetAsync(string path, QueryBuilder query, QueryOptions? options, CancellationToken cancellationToken)
    {
        var wait = _transport.ApplyQueryOptions(query, options);
        var request = new ConsulRequest { Method = HttpMethod.Get, Path = path, Query = query.Parameters, Idempotent = true, BlockingWait = wait };
        return await _transport.SendExpectingAsync(request, cancellationToken);
    }
}
