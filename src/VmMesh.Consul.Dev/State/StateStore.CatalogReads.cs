// Catalog and health reads: instance lists with their checks, and the index each read reports
// (per-service, per-connect-destination, extinction for unknown services; contract §2.2).
namespace VmMesh.Consul.Dev.State;

internal sealed partial class StateStore
{
    public IReadOnlyList<ServiceRecord> AgentServices() => Read(() => (IReadOnlyList<ServiceRecord>)[.. _services.Values.OrderBy(s => s.Id, StringComparer.Ordinal)]);

    public ServiceRecord? AgentService(string id) => Read(() => _services.GetValueOrDefault(id));

    public IReadOnlyList<CheckRecord> AgentChecks() => Read(() => (IReadOnlyList<CheckRecord>)[.. _checks.Values.OrderBy(c => c.CheckId, StringComparer.Ordinal)]);

    public CheckRecord? Check(string id) => Read(() => _checks.GetValueOrDefault(id));

    /// <summary>Instances of a service (or its mesh entry points) with their checks plus the node checks.</summary>
    public (ulong Index, IReadOnlyList<(ServiceRecord Service, IReadOnlyList<CheckRecord> Checks)> Entries) HealthInstances(string name, bool connect) => Read(() =>
    {
        var nodeChecks = NodeChecks();
        var entries = Instances(name, connect)
            .Select(s => (s, (IReadOnlyList<CheckRecord>)[.. nodeChecks, .. ChecksOf(s.Id)]))
            .ToList();
        return (connect ? ConnectIndex(name) : ServiceIndex(name), (IReadOnlyList<(ServiceRecord, IReadOnlyList<CheckRecord>)>)entries);
    });

    public (ulong Index, IReadOnlyList<ServiceRecord> Services) CatalogInstances(string name, bool connect)
        => Read(() => (connect ? ConnectIndex(name) : ServiceIndex(name), (IReadOnlyList<ServiceRecord>)Instances(name, connect).ToList()));

    public (ulong Index, IReadOnlyList<ServiceRecord> Services) AllServices()
        => Read(() => (_servicesIndex, (IReadOnlyList<ServiceRecord>)[.. _services.Values.OrderBy(s => s.Id, StringComparer.Ordinal)]));

    public ulong NodesIndex => Read(() => _nodesIndex);

    public (ulong Index, IReadOnlyList<ServiceRecord> Services) NodeServices()
        => Read(() => (Math.Max(_nodesIndex, _servicesIndex), (IReadOnlyList<ServiceRecord>)[.. _services.Values.OrderBy(s => s.Id, StringComparer.Ordinal)]));

    public (ulong Index, IReadOnlyList<CheckRecord> Checks) ServiceChecks(string name) => Read(() =>
        (ServiceIndex(name), (IReadOnlyList<CheckRecord>)[.. _checks.Values.Where(c => c.ServiceName == name && c.ServiceId.Length > 0).OrderBy(c => c.CheckId, StringComparer.Ordinal)]));

    public (ulong Index, IReadOnlyList<CheckRecord> Checks) AllChecks()
        => Read(() => (_checksIndex, (IReadOnlyList<CheckRecord>)[.. _checks.Values.OrderBy(c => c.ServiceId, StringComparer.Ordinal).ThenBy(c => c.CheckId, StringComparer.Ordinal)]));

    private IEnumerable<ServiceRecord> Instances(string name, bool connect) => _services.Values
        .Where(s => connect
            ? (s.IsConnectProxy && s.Proxy?.DestinationServiceName == name) || (s.ConnectNative && s.Name == name)
            : s.Name == name)
        .OrderBy(s => s.Id, StringComparer.Ordinal);

    private List<CheckRecord> NodeChecks() => [.. _checks.Values.Where(c => c.ServiceId.Length == 0).OrderBy(c => c.CheckId, StringComparer.Ordinal)];

    private IEnumerable<CheckRecord> ChecksOf(string serviceId) => _checks.Values.Where(c => c.ServiceId == serviceId).OrderBy(c => c.CheckId, StringComparer.Ordinal);

    private ulong ServiceIndex(string name) => _serviceIndexes.TryGetValue(name, out var i) ? i : MissingServiceIndex;

    private ulong ConnectIndex(string name) => _connectIndexes.TryGetValue(name, out var i) ? i : MissingServiceIndex;

    private ulong MissingServiceIndex => _extinctionIndex > 0 ? _extinctionIndex : _servicesIndex;
}
