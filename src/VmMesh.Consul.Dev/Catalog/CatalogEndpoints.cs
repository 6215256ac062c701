// /v1/catalog/* and /v1/status/*: the single synthetic node and its services, flattened
// (ServiceNode) or nested (NodeService), with per-service / per-table indexes.
using VmMesh.Consul.Dev.Blocking;
using VmMesh.Consul.Dev.Filtering;
using VmMesh.Consul.Dev.Health;
using VmMesh.Consul.Dev.Hosting;
using VmMesh.Consul.Dev.Http;
using VmMesh.Consul.Dev.Json;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Catalog;

internal sealed class CatalogEndpoints
{
    private readonly DevConsulRuntime _runtime;
    private readonly StateStore _store;

    public CatalogEndpoints(DevConsulRuntime runtime)
    {
        _runtime = runtime;
        _store = runtime.Store;
    }

    public Task<ConsulReply> ServicesAsync(RequestContext context)
    {
        var filter = ResponseFilter.Compile(context.Get("filter"));
        return _runtime.Blocking.RunAsync(context.Query, [Topics.CatalogServices], () =>
        {
            var node = _store.Node;
            var (index, services) = _store.AllServices();
            var selected = InstanceFilters.MatchesNodeMeta(context, node) ? services : [];
            selected = ResponseFilter.Apply(filter, selected, (w, s) => ServiceJson.WriteServiceNode(w, node, s));
            var byName = selected.GroupBy(s => s.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
            return Replies.Json(context, w =>
            {
                w.WriteStartObject();
                foreach (var group in byName)
                {
                    JsonOutput.WriteStringArray(w, group.Key, group.SelectMany(s => s.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
                }

                w.WriteEndObject();
            }) with { Index = index };
        }, context.Aborted);
    }

    public Task<ConsulReply> ServiceAsync(RequestContext context) => InstancesAsync(context, connect: false);

    public Task<ConsulReply> ConnectAsync(RequestContext context) => InstancesAsync(context, connect: true);

    public Task<ConsulReply> NodesAsync(RequestContext context)
    {
        var filter = ResponseFilter.Compile(context.Get("filter"));
        return _runtime.Blocking.RunAsync(context.Query, [Topics.Nodes], () =>
        {
            var node = _store.Node;
            IReadOnlyList<NodeRecord> nodes = InstanceFilters.MatchesNodeMeta(context, node) ? [node] : [];
            nodes = ResponseFilter.Apply(filter, nodes, NodeJson.Write);
            return Replies.JsonArray(context, nodes, NodeJson.Write) with { Index = _store.NodesIndex };
        }, context.Aborted);
    }

    public Task<ConsulReply> NodeAsync(RequestContext context)
    {
        var name = context.Parameter;
        var filter = ResponseFilter.Compile(context.Get("filter"));
        return _runtime.Blocking.RunAsync(context.Query, [Topics.Node(name)], () =>
        {
            var node = _store.Node;
            var (index, services) = _store.NodeServices();
            if (name != node.Name)
            {
                return ConsulReply.Json(JsonOutput.Write(context.Pretty, w => w.WriteNullValue())) with { Index = index };
            }

            var selected = ResponseFilter.Apply(filter, services, ServiceJson.WriteNodeService);
            return Replies.Json(context, w =>
            {
                w.WriteStartObject();
                w.WritePropertyName("Node");
                NodeJson.Write(w, node);
                w.WriteStartObject("Services");
                foreach (var s in selected)
                {
                    w.WritePropertyName(s.Id);
                    ServiceJson.WriteNodeService(w, s);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }) with { Index = index };
        }, context.Aborted);
    }

    public Task<ConsulReply> DatacentersAsync(RequestContext context)
        => Task.FromResult(Replies.Json(context, w => JsonOutputArray(w, [_store.Node.Datacenter])));

    public Task<ConsulReply> LeaderAsync(RequestContext context)
        => Task.FromResult(Replies.Json(context, w => w.WriteStringValue(_store.Node.Address + ":8300")));

    public Task<ConsulReply> PeersAsync(RequestContext context)
        => Task.FromResult(Replies.Json(context, w => JsonOutputArray(w, [_store.Node.Address + ":8300"])));

    private Task<ConsulReply> InstancesAsync(RequestContext context, bool connect)
    {
        var name = context.Parameter;
        var filter = ResponseFilter.Compile(context.Get("filter"));
        var topic = connect ? Topics.Connect(name) : Topics.Service(name);
        return _runtime.Blocking.RunAsync(context.Query, [topic], () =>
        {
            var node = _store.Node;
            var (index, services) = _store.CatalogInstances(name, connect);
            IReadOnlyList<ServiceRecord> selected = [.. services.Where(s => InstanceFilters.MatchesTags(context, s) && InstanceFilters.MatchesNodeMeta(context, node))];
            selected = ResponseFilter.Apply(filter, selected, (w, s) => ServiceJson.WriteServiceNode(w, node, s));
            return Replies.JsonArray(context, selected, (w, s) => ServiceJson.WriteServiceNode(w, node, s)) with { Index = index };
        }, context.Aborted);
    }

    private static void JsonOutputArray(System.Text.Json.Utf8JsonWriter w, string[] values)
    {
        w.WriteStartArray();
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
