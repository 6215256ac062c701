using System.Net;
using VmMesh.Consul.Health;
using VmMesh.Consul.Http;
using VmMesh.Consul.Json;
using VmMesh.Consul.Watches;

namespace VmMesh.Consul.Agent;

/// <summary>
/// <c>/v1/agent/*</c>: the local agent's own services and checks (§3). Registration always replaces existing checks
/// (declare desired state); registrations, deregistrations and TTL updates are idempotent and therefore retried.
/// </summary>
public sealed class AgentEndpoint
{
    private readonly ConsulTransport _transport;
    private readonly WatchFactory _watches;

    internal AgentEndpoint(ConsulTransport transport, WatchFactory watches)
    {
        _transport = transport;
        _watches = watches;
    }

    public async Task<AgentSelf> SelfAsync(CancellationToken cancellationToken = default)
    {
        var response = await _transport.SendExpectingAsync(Get("v1/agent/self", new QueryBuilder()), cancellationToken);
        return ConsulTransport.Deserialize(response, ConsulJson.Context.AgentSelf, new AgentSelf());
    }

    /// <summary>Local services keyed by service ID; <paramref name="filter"/> is a bexpr expression (e.g. <c>Service == "web"</c>).</summary>
    public async Task<IReadOnlyDictionary<string, AgentService>> ServicesAsync(string? filter = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder().AddIfNotEmpty("filter", filter);
        var response = await _transport.SendExpectingAsync(Get("v1/agent/services", query), cancellationToken);
        return ConsulTransport.Deserialize(response, ConsulJson.Context.DictionaryStringAgentService, []);
    }

    /// <summary>One local service with its <c>ContentHash</c>; pass <see cref="QueryOptions.Hash"/> to block until it changes.</summary>
    public async Task<QueryResult<AgentService>> ServiceAsync(string serviceId, QueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder();
        var wait = _transport.ApplyQueryOptions(query, options is null ? null : options with { Index = ConsulIndex.Zero }, sendDatacenter: false);
        var request = Get(ConsulPaths.Segment("v1/agent/service/", serviceId, nameof(serviceId)), query) with { BlockingWait = wait };
        var response = await _transport.SendExpectingAsync(request, cancellationToken);
        var service = ConsulTransport.Deserialize(response, ConsulJson.Context.AgentService, new AgentService());
        return new QueryResult<AgentService>(service, response.Meta);
    }

    /// <summary>Hash-blocking watch of one local service (§2.4).</summary>
    public IAsyncEnumerable<QueryResult<AgentService>> WatchService(string serviceId, CancellationToken cancellationToken = default)
        => _watches.Create(
            (options, token) => ServiceAsync(serviceId, options, token),
            ConsulJson.Context.AgentService,
            WatchMode.Hash).WatchAsync(cancellationToken);

    /// <summary><c>PUT /v1/agent/service/register?replace-existing-checks</c>.</summary>
    public async Task RegisterServiceAsync(AgentServiceRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var query = new QueryBuilder().Add("replace-existing-checks", "true");
        var body = ConsulTransport.Serialize(registration, ConsulJson.Context.AgentServiceRegistration);
        await _transport.SendExpectingAsync(Put("v1/agent/service/register", query, body), cancellationToken);
    }

    /// <summary>Deregisters a local service; an unknown ID (404) means it is already gone, which is not an error.</summary>
    public async Task<DeregistrationOutcome> DeregisterServiceAsync(string serviceId, CancellationToken cancellationToken = default)
    {
        var request = Put(ConsulPaths.Segment("v1/agent/service/deregister/", serviceId, nameof(serviceId)), new QueryBuilder(), null);
        var response = await _transport.SendExpectingAsync(request, cancellationToken, HttpStatusCode.NotFound);
        return response.StatusCode == HttpStatusCode.NotFound ? DeregistrationOutcome.AlreadyGone : DeregistrationOutcome.Deregistered;
    }

    public async Task<IReadOnlyDictionary<string, HealthCheck>> ChecksAsync(string? filter = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder().AddIfNotEmpty("filter", filter);
        var response = await _transport.SendExpectingAsync(Get("v1/agent/checks", query), cancellationToken);
        return ConsulTransport.Deserialize(response, ConsulJson.Context.DictionaryStringHealthCheck, []);
    }

    public async Task RegisterCheckAsync(AgentCheckRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var body = ConsulTransport.Serialize(registration, ConsulJson.Context.AgentCheckRegistration);
        await _transport.SendExpectingAsync(Put("v1/agent/check/register", new QueryBuilder(), body), cancellationToken);
    }

    /// <summary>Deregisters a local check; an unknown ID (404) means it is already gone.</summary>
    public async Task<DeregistrationOutcome> DeregisterCheckAsync(string checkId, CancellationToken cancellationToken = default)
    {
        var request = Put(ConsulPaths.Segment("v1/agent/check/deregister/", checkId, nameof(checkId)), new QueryBuilder(), null);
        var response = await _transport.SendExpectingAsync(request, cancellationToken, HttpStatusCode.NotFound);
        return response.StatusCode == HttpStatusCode.NotFound ? DeregistrationOutcome.AlreadyGone : DeregistrationOutcome.Deregistered;
    }

    /// <summary>Sets a TTL check passing. A 404 (<c>Unknown check ID</c>) or 500 (<c>does not have associated TTL</c>) surfaces as <see cref="ConsulException"/>: re-register then.</summary>
    public Task PassTtlAsync(string checkId, string? note = null, CancellationToken cancellationToken = default)
        => TtlAsync("pass", checkId, note, cancellationToken);

    public Task WarnTtlAsync(string checkId, string? note = null, CancellationToken cancellationToken = default)
        => TtlAsync("warn", checkId, note, cancellationToken);

    public Task FailTtlAsync(string checkId, string? note = null, CancellationToken cancellationToken = default)
        => TtlAsync("fail", checkId, note, cancellationToken);

    /// <summary><c>PUT /v1/agent/check/update/:id</c> with a status and output.</summary>
    public async Task UpdateTtlAsync(string checkId, CheckStatus status, string? output = null, CancellationToken cancellationToken = default)
    {
        var wireStatus = status switch
        {
            CheckStatus.Passing => HealthStatuses.Passing,
            CheckStatus.Warning => HealthStatuses.Warning,
            CheckStatus.Critical => HealthStatuses.Critical,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Use Passing, Warning or Critical."),
        };
        var body = ConsulTransport.Serialize(new CheckUpdateBody(wireStatus, output), ConsulJson.Context.CheckUpdateBody);
        var request = Put(ConsulPaths.Segment("v1/agent/check/update/", checkId, nameof(checkId)), new QueryBuilder(), body);
        await _transport.SendExpectingAsync(request, cancellationToken);
    }

    /// <summary>Puts a local service into (or out of) maintenance: Consul adds a critical <c>_service_maintenance:&lt;id&gt;</c> check.</summary>
    public async Task SetServiceMaintenanceAsync(string serviceId, bool enable, string? reason = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder().Add("enable", enable ? "true" : "false").AddIfNotEmpty("reason", reason);
        var request = Put(ConsulPaths.Segment("v1/agent/service/maintenance/", serviceId, nameof(serviceId)), query, null);
        await _transport.SendExpectingAsync(request, cancellationToken);
    }

    /// <summary>Puts the whole node into (or out of) maintenance (<c>_node_maintenance</c>).</summary>
    public async Task SetNodeMaintenanceAsync(bool enable, string? reason = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder().Add("enable", enable ? "true" : "false").AddIfNotEmpty("reason", reason);
        await _transport.SendExpectingAsync(Put("v1/agent/maintenance", query, null), cancellationToken);
    }

    private async Task TtlAsync(string verb, string checkId, string? note, CancellationToken cancellationToken)
    {
        var query = new QueryBuilder().AddIfNotEmpty("note", note);
        var request = Put(ConsulPaths.Segment($"v1/agent/check/{verb}/", checkId, nameof(checkId)), query, null);
        await _transport.SendExpectingAsync(request, cancellationToken);
    }

    private static ConsulRequest Get(string path, QueryBuilder query)
        => new() { Method = HttpMethod.Get, Path = path, Query = query.Parameters, Idempotent = true };

    // Every agent write here is idempotent (upsert, delete, set-state), so all may be retried.
    private static ConsulRequest Put(string path, QueryBuilder query, byte[]? body)
        => new() { Method = HttpMethod.Put, Path = path, Query = query.Parameters, Body = body, Idempotent = true };
}
