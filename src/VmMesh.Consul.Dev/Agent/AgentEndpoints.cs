// /v1/agent/*: the local agent's view (self, services, checks) and its writes (register,
// deregister, TTL updates, maintenance). Agent reads carry no X-Consul-Index; only
// /v1/agent/service/:id blocks, on its content hash (contract §2.4, §3).
using VmMesh.Consul.Dev.Blocking;
using VmMesh.Consul.Dev.Catalog;
using VmMesh.Consul.Dev.Checks;
using VmMesh.Consul.Dev.Filtering;
using VmMesh.Consul.Dev.Health;
using VmMesh.Consul.Dev.Hosting;
using VmMesh.Consul.Dev.Http;
using VmMesh.Consul.Dev.Json;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Agent;

internal sealed class AgentEndpoints
{
    private readonly DevConsulRuntime _runtime;
    private readonly StateStore _store;
    private readonly ServiceRegistrationBuilder _builder;

    public AgentEndpoints(DevConsulRuntime runtime)
    {
        _runtime = runtime;
        _store = runtime.Store;
        _builder = new ServiceRegistrationBuilder(runtime.Options.MinimumCheckInterval);
    }

    private string OwnDatacenter => _runtime.Options.Datacenter;

    public Task<ConsulReply> SelfAsync(RequestContext context)
    {
        var node = _store.Node;
        return Task.FromResult(Replies.Json(context, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("Config");
            w.WriteString("Datacenter", node.Datacenter);
            w.WriteString("PrimaryDatacenter", node.Datacenter);
            w.WriteString("NodeName", node.Name);
            w.WriteString("NodeID", node.Id);
            w.WriteString("Revision", "vmmesh-dev");
            w.WriteBoolean("Server", true);
            w.WriteString("Version", DevConsulRuntime.ConsulVersion);
            w.WriteString("BuildDate", "2025-01-01T00:00:00Z");
            w.WriteEndObject();
            w.WriteStartObject("DebugConfig");
            w.WriteEndObject();
            w.WriteNull("Coord");
            w.WriteStartObject("Member");
            w.WriteString("Name", node.Name);
            w.WriteString("Addr", node.Address);
            w.WriteNumber("Port", 8301);
            w.WriteStartObject("Tags");
            w.WriteString("build", DevConsulRuntime.ConsulVersion + ":vmmesh-dev");
            w.WriteString("dc", node.Datacenter);
            w.WriteString("id", node.Id);
            w.WriteString("port", "8300");
            w.WriteString("role", "consul");
            w.WriteString("vsn", "2");
            w.WriteEndObject();
            w.WriteNumber("Status", 1);
            w.WriteNumber("ProtocolMin", 1);
            w.WriteNumber("ProtocolMax", 5);
            w.WriteNumber("ProtocolCur", 2);
            w.WriteNumber("DelegateMin", 2);
            w.WriteNumber("DelegateMax", 5);
            w.WriteNumber("DelegateCur", 4);
            w.WriteEndObject();
            w.WriteStartObject("Stats");
            w.WriteEndObject();
            JsonOutput.WriteStringMap(w, "Meta", node.Meta);
            w.WriteEndObject();
        }));
    }

    public Task<ConsulReply> ServicesAsync(RequestContext context)
    {
        var filter = ResponseFilter.Compile(context.Get("filter"));
        var services = ResponseFilter.Apply(filter, LocalServices(), (w, s) => ServiceJson.WriteAgent(w, s, OwnDatacenter));
        return Task.FromResult(Replies.Json(context, w =>
        {
            w.WriteStartObject();
            foreach (var s in services)
            {
                w.WritePropertyName(s.Id);
                ServiceJson.WriteAgent(w, s, OwnDatacenter);
            }

            w.WriteEndObject();
        }));
    }

    public Task<ConsulReply> ServiceAsync(RequestContext context)
    {
        var id = context.Parameter;
        return _runtime.Blocking.RunHashAsync(context.Query, [Topics.AgentService(id)], () =>
        {
            var service = _store.AgentService(id);
            if (service is null || service.Id == "consul")
            {
                throw new ConsulHttpError(404, $"unknown service ID: {id}");
            }

            var hash = ServiceJson.ContentHash(service, OwnDatacenter);
            return Replies.Json(context, w => ServiceJson.WriteAgent(w, service, OwnDatacenter, hash)) with { ContentHash = hash };
        }, context.Aborted);
    }

    public Task<ConsulReply> ChecksAsync(RequestContext context)
    {
        var node = _store.Node.Name;
        var filter = ResponseFilter.Compile(context.Get("filter"));
        var checks = ResponseFilter.Apply(filter, LocalChecks(), (w, c) => CheckJson.Write(w, c, node, agentView: true));
        return Task.FromResult(Replies.Json(context, w =>
        {
            w.WriteStartObject();
            foreach (var c in checks)
            {
                w.WritePropertyName(c.CheckId);
                CheckJson.Write(w, c, node, agentView: true);
            }

            w.WriteEndObject();
        }));
    }

    public async Task<ConsulReply> RegisterAsync(RequestContext context)
    {
        var body = await context.ReadJsonBodyAsync();
        var def = StrictJson.Decode<ServiceDefinition>(body) ?? new ServiceDefinition();
        var registrations = _builder.Build(def, _store.AgentServices());
        var replace = context.Has("replace-existing-checks") && context.Get("replace-existing-checks") is not ("false" or "0" or "f" or "F" or "FALSE" or "False");
        _store.RegisterServices(registrations, replace);
        _runtime.Checks.Sync();
        foreach (var r in registrations)
        {
            // Like the agent, a (re-)registered TTL check starts a fresh TTL window.
            foreach (var check in r.Checks.Where(c => c.IsTtl))
            {
                _runtime.Checks.ResetTtl(check.CheckId);
            }

            DevConsulLog.ServiceRegistered(_runtime.Logger, r.Service.Id);
        }

        return ConsulReply.Empty();
    }

    public Task<ConsulReply> DeregisterAsync(RequestContext context)
    {
        var id = context.Parameter;
        if ((id == "consul" || !_store.DeregisterService(id)) && _runtime.Options.DeregisterUnknownServiceIs404)
        {
            throw new ConsulHttpError(404, $"Unknown service ID \"{id}\". Ensure that the service ID is passed, not the service name.");
        }

        _runtime.Checks.Sync();
        DevConsulLog.ServiceDeregistered(_runtime.Logger, id);
        return Task.FromResult(ConsulReply.Empty());
    }

    public async Task<ConsulReply> RegisterCheckAsync(RequestContext context)
    {
        var body = await context.ReadJsonBodyAsync();
        var def = StrictJson.Decode<CheckRegistration>(body) ?? new CheckRegistration();
        if (string.IsNullOrEmpty(def.Name))
        {
            throw new ConsulHttpError(400, "Missing check name");
        }

        if (!string.IsNullOrEmpty(def.Status) && !CheckStatus.IsValid(def.Status))
        {
            throw new ConsulHttpError(400, "Bad check status");
        }

        CheckBuilder.Validate(def);
        var id = def.Id is { Length: > 0 } given ? given : def.CheckId is { Length: > 0 } alt ? alt : def.Name;
        var check = CheckBuilder.Build(def, id, def.Name, def.ServiceId ?? string.Empty, string.Empty, [], _runtime.Options.MinimumCheckInterval);
        if (!_store.RegisterCheck(check))
        {
            throw new ConsulHttpError(404, $"ServiceID \"{def.ServiceId}\" does not exist");
        }

        _runtime.Checks.Sync();
        return ConsulReply.Empty();
    }

    public Task<ConsulReply> DeregisterCheckAsync(RequestContext context)
    {
        var id = context.Parameter;
        if (id == StateStore.SerfHealthId || !_store.DeregisterCheck(id))
        {
            throw UnknownCheck(id);
        }

        _runtime.Checks.Sync();
        return Task.FromResult(ConsulReply.Empty());
    }

    public Task<ConsulReply> PassAsync(RequestContext context) => Task.FromResult(UpdateTtl(context.Parameter, CheckStatus.Passing, context.Get("note") ?? string.Empty));

    public Task<ConsulReply> WarnAsync(RequestContext context) => Task.FromResult(UpdateTtl(context.Parameter, CheckStatus.Warning, context.Get("note") ?? string.Empty));

    public Task<ConsulReply> FailAsync(RequestContext context) => Task.FromResult(UpdateTtl(context.Parameter, CheckStatus.Critical, context.Get("note") ?? string.Empty));

    public async Task<ConsulReply> UpdateAsync(RequestContext context)
    {
        var body = await context.ReadJsonBodyAsync();
        var update = StrictJson.Decode<CheckUpdateRequest>(body) ?? new CheckUpdateRequest();
        if (!CheckStatus.IsValid(update.Status))
        {
            throw new ConsulHttpError(400, $"Invalid check status: '{update.Status}'");
        }

        return UpdateTtl(context.Parameter, update.Status!, update.Output ?? string.Empty);
    }

    public Task<ConsulReply> ServiceMaintenanceAsync(RequestContext context)
    {
        var id = context.Parameter;
        var enable = ParseEnable(context);
        if (id == "consul" || !_store.SetServiceMaintenance(id, enable, context.Get("reason") ?? string.Empty))
        {
            throw new ConsulHttpError(404, $"Unknown service ID \"{id}\"");
        }

        return Task.FromResult(ConsulReply.Empty());
    }

    public Task<ConsulReply> NodeMaintenanceAsync(RequestContext context)
    {
        var enable = ParseEnable(context);
        _store.SetNodeMaintenance(enable, context.Get("reason") ?? string.Empty);
        return Task.FromResult(ConsulReply.Empty());
    }

    public Task<ConsulReply> MembersAsync(RequestContext context)
    {
        var node = _store.Node;
        return Task.FromResult(Replies.Json(context, w =>
        {
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteString("Name", node.Name);
            w.WriteString("Addr", node.Address);
            w.WriteNumber("Port", 8301);
            w.WriteStartObject("Tags");
            w.WriteString("dc", node.Datacenter);
            w.WriteString("role", "consul");
            w.WriteEndObject();
            w.WriteNumber("Status", 1);
            w.WriteEndObject();
            w.WriteEndArray();
        }));
    }

    private ConsulReply UpdateTtl(string id, string status, string output)
    {
        var check = _store.Check(id);
        var truncated = CheckOutput.Truncate(output, check?.Spec?.OutputMaxSize ?? 4096);
        switch (id == StateStore.SerfHealthId ? TtlUpdateResult.NotFound : _store.UpdateTtl(id, status, truncated))
        {
            case TtlUpdateResult.NotFound:
                throw UnknownCheck(id);
            case TtlUpdateResult.NotTtl:
                throw new ConsulHttpError(500, $"CheckID \"{id}\" does not have associated TTL");
            default:
                _runtime.Checks.ResetTtl(id);
                return ConsulReply.Empty();
        }
    }

    private static bool ParseEnable(RequestContext context)
    {
        var raw = context.Get("enable");
        if (string.IsNullOrEmpty(raw))
        {
            throw new ConsulHttpError(400, "Missing value for enable");
        }

        if (!GoBool.TryParse(raw, out var enable))
        {
            throw new ConsulHttpError(400, $"Invalid value for enable: \"{raw}\"");
        }

        return enable;
    }

    private static ConsulHttpError UnknownCheck(string id)
        => new(404, $"Unknown check ID \"{id}\". Ensure that the check ID is passed, not the check name.");

    private List<ServiceRecord> LocalServices() => [.. _store.AgentServices().Where(s => s.Id != "consul")];

    private List<CheckRecord> LocalChecks() => [.. _store.AgentChecks().Where(c => c.CheckId != StateStore.SerfHealthId)];
}
