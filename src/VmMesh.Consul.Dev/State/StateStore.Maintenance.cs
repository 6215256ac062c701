// Maintenance mode (service and node) as critical "maintenance" checks, and the
// DeregisterCriticalServiceAfter reaper's sweep.
namespace VmMesh.Consul.Dev.State;

internal sealed partial class StateStore
{
    public bool SetServiceMaintenance(string serviceId, bool enable, string reason) => Write(batch =>
    {
        if (!_services.TryGetValue(serviceId, out var service))
        {
            return false;
        }

        var checkId = ServiceMaintenancePrefix + serviceId;
        if (enable && !_checks.ContainsKey(checkId))
        {
            UpsertCheck(batch, new CheckRecord
            {
                CheckId = checkId,
                Name = "Service Maintenance Mode",
                Notes = reason.Length > 0 ? reason : "Maintenance mode is enabled for this service, but no reason was provided. This is a default message.",
                Status = CheckStatus.Critical,
                ServiceId = service.Id,
                ServiceName = service.Name,
                ServiceTags = service.Tags,
                Type = "maintenance",
            });
        }
        else if (!enable && _checks.TryGetValue(checkId, out var existing))
        {
            RemoveCheck(batch, existing);
        }

        RecomputeAliases(batch);
        return true;
    });

    public void SetNodeMaintenance(bool enable, string reason) => Write(batch =>
    {
        if (enable && !_checks.ContainsKey(NodeMaintenanceId))
        {
            UpsertCheck(batch, new CheckRecord
            {
                CheckId = NodeMaintenanceId,
                Name = "Node Maintenance Mode",
                Notes = reason.Length > 0 ? reason : "Maintenance mode is enabled for this node, but no reason was provided. This is a default message.",
                Status = CheckStatus.Critical,
                Type = "maintenance",
            });
        }
        else if (!enable && _checks.TryGetValue(NodeMaintenanceId, out var existing))
        {
            RemoveCheck(batch, existing);
        }

        RecomputeAliases(batch);
        return true;
    });

    /// <summary>Deregisters services with a check critical for longer than its DeregisterCriticalServiceAfter.</summary>
    public IReadOnlyList<string> ReapCriticalServices(TimeSpan minimum) => Write(batch =>
    {
        var doomed = _checks.Values
            .Where(c => c.ServiceId.Length > 0 && c.Status == CheckStatus.Critical && c.Spec is { DeregisterCriticalServiceAfter: var after } && after > TimeSpan.Zero
                && c.CriticalSince is { } since && batch.Now - since >= (after < minimum ? minimum : after))
            .Select(c => c.ServiceId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var removed = doomed.Where(id => DeregisterCore(batch, id)).ToList();
        RecomputeAliases(batch);
        return (IReadOnlyList<string>)removed;
    });
}
