// /v1/agent/health/service/{id,name}/: the agent-local readiness probe (contract §3.7). The
// aggregate (maintenance > critical > warning > passing) is carried by the status code
// (200 / 429 / 503, 404 unknown); ?format=text or Accept: text/plain answers the bare word.
using System.Text;
using System.Text.Json;
using VmMesh.Consul.Dev.Catalog;
using VmMesh.Consul.Dev.Health;
using VmMesh.Consul.Dev.Hosting;
using VmMesh.Consul.Dev.Http;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Agent;

internal sealed class AgentHealthEndpoints
{
    private readonly DevConsulRuntime _runtime;
    private readonly StateStore _store;

    public AgentHealthEndpoints(DevConsulRuntime runtime)
    {
        _runtime = runtime;
        _store = runtime.Store;
    }

    public Task<ConsulReply> ByIdAsync(RequestContext context)
    {
        var id = context.Parameter;
        var service = _store.AgentService(id);
        if (service is null || service.Id == "consul")
        {
            var reason = $"ServiceId {id} not found";
            return Task.FromResult(WantsText(context)
                ? new ConsulReply(404, "text/plain", Encoding.UTF8.GetBytes(reason))
                : Replies.Json(context, w => WriteInfo(w, "critical", null, null)) with { Status = 404 });
        }

        var (status, checks) = Aggregate(service);
        var code = CodeOf(status);
        return Task.FromResult(WantsText(context)
            ? new ConsulReply(code, "text/plain", Encoding.UTF8.GetBytes(status))
            : Replies.Json(context, w => WriteInfo(w, status, service, checks)) with { Status = code });
    }

    public Task<ConsulReply> ByNameAsync(RequestContext context)
    {
        var name = context.Parameter;
        var instances = _store.AgentServices().Where(s => s.Name == name && s.Id != "consul").ToList();
        var code = 404;
        var word = $"ServiceName {name} Not Found";
        var results = new List<(string Status, ServiceRecord Service, IReadOnlyList<CheckRecord> Checks)>();
        foreach (var service in instances)
        {
            var (status, checks) = Aggregate(service);
            var instanceCode = CodeOf(status);
            if (code == 404 || instanceCode > code)
            {
                code = instanceCode;
                word = status;
            }

            results.Add((status, service, checks));
        }

        return Task.FromResult(WantsText(context)
            ? new ConsulReply(code, "text/plain", Encoding.UTF8.GetBytes(word))
            : Replies.JsonArray(context, results, (w, r) => WriteInfo(w, r.Status, r.Service, r.Checks)) with { Status = code });
    }

    private (string Status, IReadOnlyList<CheckRecord> Checks) Aggregate(ServiceRecord service)
    {
        var checks = _store.AgentChecks()
            .Where(c => c.ServiceId == service.Id || (c.ServiceId.Length == 0 && c.CheckId != StateStore.SerfHealthId))
            .ToList();
        bool maintenance = false, critical = false, warning = false;
        foreach (var c in checks)
        {
            if (c.CheckId == StateStore.NodeMaintenanceId || c.CheckId.StartsWith(StateStore.ServiceMaintenancePrefix, StringComparison.Ordinal))
            {
                maintenance = true;
                continue;
            }

            critical |= c.Status == CheckStatus.Critical;
            warning |= c.Status == CheckStatus.Warning;
        }

        var status = maintenance ? "maintenance" : critical ? CheckStatus.Critical : warning ? CheckStatus.Warning : CheckStatus.Passing;
        return (status, checks);
    }

    private static int CodeOf(string status) => status switch
    {
        CheckStatus.Passing => 200,
        CheckStatus.Warning => 429,
        _ => 503,
    };

    private static bool WantsText(RequestContext context)
        => context.Get("format") == "text" || context.Http.Request.Headers.Accept.Any(a => a is not null && a.Contains("text/plain", StringComparison.OrdinalIgnoreCase));

    private void WriteInfo(Utf8JsonWriter w, string status, ServiceRecord? service, IReadOnlyList<CheckRecord>? checks)
    {
        w.WriteStartObject();
        w.WriteString("AggregatedStatus", status);
        if (service is null)
        {
            w.WriteNull("Service");
        }
        else
        {
            w.WritePropertyName("Service");
            ServiceJson.WriteAgent(w, service, _runtime.Options.Datacenter);
        }

        if (checks is null)
        {
            w.WriteNull("Checks");
        }
        else
        {
            w.WriteStartArray("Checks");
            foreach (var c in checks)
            {
                CheckJson.Write(w, c, _store.Node.Name, agentView: true);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }
}
