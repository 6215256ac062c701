// /v1/health/*: instance lists with their checks (node checks included), check lists by
// service, node and state. All blockable; each watches only the topics its answer depends on.
using System.Text.Json;
using VmMesh.Consul.Dev.Blocking;
using VmMesh.Consul.Dev.Catalog;
using VmMesh.Consul.Dev.Filtering;
using VmMesh.Consul.Dev.Hosting;
using VmMesh.Consul.Dev.Http;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Health;

internal sealed class HealthEndpoints
{
    private readonly DevConsulRuntime _runtime;
    private readonly StateStore _store;

    public HealthEndpoints(DevConsulRuntime runtime)
    {
        _runtime = runtime;
        _store = runtime.Store;
    }

    public Task<ConsulReply> ServiceAsync(RequestContext context) => InstancesAsync(context, connect: false);

    public Task<ConsulReply> ConnectAsync(RequestContext context) => InstancesAsync(context, connect: true);

    public Task<ConsulReply> ServiceChecksAsync(RequestContext context)
    {
        var name = context.Parameter;
        var filter = ResponseFilter.Compile(context.Get("filter"));
        return _runtime.Blocking.RunAsync(context.Query, [Topics.Service(name)], () =>
        {
            var (index, checks) = _store.ServiceChecks(name);
            return ChecksReply(context, index, checks, filter);
        }, context.Aborted);
    }

    public Task<ConsulReply> NodeChecksAsync(RequestContext context)
    {
        var node = context.Parameter;
        var filter = ResponseFilter.Compile(context.Get("filter"));
        return _runtime.Blocking.RunAsync(context.Query, [Topics.Node(node)], () =>
        {
            var (index, checks) = _store.AllChecks();
            return ChecksReply(context, index, node == _store.Node.Name ? checks : [], filter);
        }, context.Aborted);
    }

    public Task<ConsulReply> StateAsync(RequestContext context)
    {
        var state = context.Parameter;
        if (state is not ("any" or CheckStatus.Passing or CheckStatus.Warning or CheckStatus.Critical))
        {
            throw new ConsulHttpError(400, $"Invalid check state: {state}");
        }

        var filter = ResponseFilter.Compile(context.Get("filter"));
        return _runtime.Blocking.RunAsync(context.Query, [Topics.Checks], () =>
        {
            var (index, checks) = _store.AllChecks();
            var selected = state == "any" ? checks : [.. checks.Where(c => c.Status == state)];
            return ChecksReply(context, index, selected, filter);
        }, context.Aborted);
    }

    private Task<ConsulReply> InstancesAsync(RequestContext context, bool connect)
    {
        var name = context.Parameter;
        var passing = InstanceFilters.Passing(context);
        var filter = ResponseFilter.Compile(context.Get("filter"));
        var topic = connect ? Topics.Connect(name) : Topics.Service(name);
        return _runtime.Blocking.RunAsync(context.Query, [topic], () =>
        {
            var node = _store.Node;
            var (index, entries) = _store.HealthInstances(name, connect);
            IReadOnlyList<(ServiceRecord Service, IReadOnlyList<CheckRecord> Checks)> selected =
            [
                .. entries.Where(e => InstanceFilters.MatchesTags(context, e.Service) && InstanceFilters.MatchesNodeMeta(context, node)
                    && (!passing || e.Checks.All(c => c.Status == CheckStatus.Passing))),
            ];
            selected = ResponseFilter.Apply(filter, selected, (w, e) => WriteEntry(w, node, e.Service, e.Checks));
            return Replies.JsonArray(context, selected, (w, e) => WriteEntry(w, node, e.Service, e.Checks)) with { Index = index, QueryBackend = true };
        }, context.Aborted);
    }

    private ConsulReply ChecksReply(RequestContext context, ulong index, IReadOnlyList<CheckRecord> checks, FilterNode? filter)
    {
        var node = _store.Node.Name;
        var selected = ResponseFilter.Apply(filter, checks, (w, c) => CheckJson.Write(w, c, node));
        return Replies.JsonArray(context, selected, (w, c) => CheckJson.Write(w, c, node)) with { Index = index, QueryBackend = true };
    }

    private static void WriteEntry(Utf8JsonWriter w, NodeRecord node, ServiceRecord service, IReadOnlyList<CheckRecord> checks)
    {
        w.WriteStartObject();
        w.WritePropertyName("Node");
        NodeJson.Write(w, node);
        w.WritePropertyName("Service");
        ServiceJson.WriteNodeService(w, service);
        w.WriteStartArray("Checks");
        foreach (var c in checks)
        {
            CheckJson.Write(w, c, node.Name);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
