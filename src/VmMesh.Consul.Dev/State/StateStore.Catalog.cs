// Services and checks: registration with no-op detection, status changes, alias checks,
// maintenance, the critical-service reaper; and the per-service / per-connect-destination
// indexes that health and catalog reads report (contract §2.2).
using VmMesh.Consul.Dev.Blocking;
using VmMesh.Consul.Dev.Catalog;

namespace VmMesh.Consul.Dev.State;

internal sealed partial class StateStore
{
    public void RegisterServices(IReadOnlyList<ServiceRegistration> registrations, bool replaceExistingChecks) => Write(batch =>
    {
        foreach (var registration in registrations)
        {
            UpsertService(batch, registration.Service);
            var wanted = new HashSet<string>(registration.Checks.Select(c => c.CheckId), StringComparer.Ordinal);
            foreach (var check in registration.Checks)
            {
                UpsertCheck(batch, check);
            }

            if (replaceExistingChecks)
            {
                var stale = _checks.Values.Where(c => c.ServiceId == registration.Service.Id && !wanted.Contains(c.CheckId)
                    && !c.CheckId.StartsWith(ServiceMaintenancePrefix, StringComparison.Ordinal)).ToList();
                foreach (var check in stale)
                {
                    RemoveCheck(batch, check);
                }
            }
        }

        RecomputeAliases(batch);
        return true;
    });

    public bool DeregisterService(string id) => Write(batch =>
    {
        var removed = DeregisterCore(batch, id);
        RecomputeAliases(batch);
        return removed;
    });

    /// <summary>Registers a standalone check; false when its ServiceID is not registered.</summary>
    public bool RegisterCheck(CheckRecord check) => Write(batch =>
    {
        var record = check;
        if (check.ServiceId.Length > 0)
        {
            if (!_services.TryGetValue(check.ServiceId, out var service))
            {
                return false;
            }

            record = check with { ServiceName = service.Name, ServiceTags = service.Tags };
        }

        UpsertCheck(batch, record);
        RecomputeAliases(batch);
        return true;
    });

    public bool DeregisterCheck(string id) => Write(batch =>
    {
        if (!_checks.TryGetValue(id, out var check))
        {
            return false;
        }

        RemoveCheck(batch, check);
        RecomputeAliases(batch);
        return true;
    });

    public TtlUpdateResult UpdateTtl(string id, string status, string output) => Write(batch =>
    {
        if (!_checks.TryGetValue(id, out var check))
        {
            return TtlUpdateResult.NotFound;
        }

        if (!check.IsTtl)
        {
            return TtlUpdateResult.NotTtl;
        }

        SetStatus(batch, id, status, output);
        RecomputeAliases(batch);
        return TtlUpdateResult.Updated;
    });

    /// <summary>A probe result (HTTP/TCP) or a TTL expiry; ignored when the check is gone.</summary>
    public void SetCheckResult(string id, string status, string output) => Write(batch =>
    {
        SetStatus(batch, id, status, output);
        RecomputeAliases(batch);
        return true;
    });

    public void ExpireTtl(string id) => Write(batch =>
    {
        if (_checks.TryGetValue(id, out var check) && check.IsTtl && !check.Output.StartsWith("TTL expired", StringComparison.Ordinal))
        {
            var output = check.Output.Length == 0 ? "TTL expired" : "TTL expired (last output before timeout follows): " + check.Output;
            SetStatus(batch, id, CheckStatus.Critical, output);
            RecomputeAliases(batch);
        }

        return true;
    });

    private bool DeregisterCore(WriteBatch batch, string id)
    {
        if (!_services.Remove(id, out var service))
        {
            return false;
        }

        MarkAliasTargetDirty(id);
        _servicesIndex = batch.Index;
        batch.Wake(Topics.CatalogServices);
        foreach (var check in _checks.Values.Where(c => c.ServiceId == id).ToList())
        {
            RemoveCheck(batch, check);
        }

        TouchService(batch, service);
        MarkExtinctIfGone(batch, service.Name);
        foreach (var sidecar in _services.Values.Where(s => s.SidecarParentId == id).Select(s => s.Id).ToList())
        {
            DeregisterCore(batch, sidecar);
        }

        return true;
    }

    private void UpsertService(WriteBatch batch, ServiceRecord incoming)
    {
        _services.TryGetValue(incoming.Id, out var existing);
        if (existing is not null && !_bumpOnIdenticalWrite && ServiceJson.Fingerprint(existing, Node.Datacenter) == ServiceJson.Fingerprint(incoming, Node.Datacenter))
        {
            return;
        }

        var record = incoming with { CreateIndex = existing?.CreateIndex ?? batch.Index, ModifyIndex = batch.Index };
        _services[record.Id] = record;
        MarkAliasTargetDirty(record.Id);
        _servicesIndex = batch.Index;
        batch.Wake(Topics.CatalogServices);
        if (existing is not null)
        {
            TouchService(batch, existing);
            if (existing.Name != record.Name)
            {
                MarkExtinctIfGone(batch, existing.Name);
            }
        }

        TouchService(batch, record);
        if (existing is not null && (existing.Name != record.Name || !existing.Tags.SequenceEqual(record.Tags)))
        {
            foreach (var check in _checks.Values.Where(c => c.ServiceId == record.Id).ToList())
            {
                _checks[check.CheckId] = check with { ServiceName = record.Name, ServiceTags = record.Tags, ModifyIndex = batch.Index };
                _checksIndex = batch.Index;
                batch.Wake(Topics.Checks);
            }
        }
    }

    private void UpsertCheck(WriteBatch batch, CheckRecord incoming)
    {
        _checks.TryGetValue(incoming.CheckId, out var existing);
        var record = existing is null
            ? incoming with { CriticalSince = incoming.Status == CheckStatus.Critical ? batch.Now : null }
            : incoming with { Status = existing.Status, Output = existing.Output, CriticalSince = existing.CriticalSince, CreateIndex = existing.CreateIndex, ModifyIndex = existing.ModifyIndex };
        if (existing is not null && SameCheck(existing, record))
        {
            return;
        }

        record = record with { CreateIndex = existing?.CreateIndex ?? batch.Index, ModifyIndex = batch.Index };
        _checks[record.CheckId] = record;
        TouchCheck(batch, record);
        if (existing is not null && existing.ServiceId != record.ServiceId)
        {
            TouchCheck(batch, existing);
        }
    }

    private void RemoveCheck(WriteBatch batch, CheckRecord check)
    {
        _checks.Remove(check.CheckId);
        TouchCheck(batch, check);
        InvalidateSessionsForCheck(batch, check.CheckId);
    }

    private void SetStatus(WriteBatch batch, string id, string status, string output)
    {
        if (!_checks.TryGetValue(id, out var existing) || (existing.Status == status && existing.Output == output))
        {
            return;
        }

        var since = status != CheckStatus.Critical ? (DateTimeOffset?)null
            : existing.Status == CheckStatus.Critical ? existing.CriticalSince ?? batch.Now : batch.Now;
        var record = existing with { Status = status, Output = output, CriticalSince = since, ModifyIndex = batch.Index };
        _checks[id] = record;
        TouchCheck(batch, record);
        if (status == CheckStatus.Critical)
        {
            InvalidateSessionsForCheck(batch, id);
        }
    }

    private static bool SameCheck(CheckRecord a, CheckRecord b)
        => a.Name == b.Name && a.Notes == b.Notes && a.Status == b.Status && a.Output == b.Output && a.ServiceId == b.ServiceId
        && a.ServiceName == b.ServiceName && a.ServiceTags.SequenceEqual(b.ServiceTags) && a.Type == b.Type
        && a.Spec?.Describe() == b.Spec?.Describe();

    private void TouchCheck(WriteBatch batch, CheckRecord check)
    {
        MarkAliasTargetDirty(check.ServiceId);
        _checksIndex = batch.Index;
        batch.Wake(Topics.Checks);
        batch.Wake(Topics.Node(Node.Name));
        if (check.ServiceId.Length == 0)
        {
            // A node check is part of every instance's health.
            foreach (var service in _services.Values)
            {
                TouchService(batch, service, agentView: false);
            }
        }
        else if (_services.TryGetValue(check.ServiceId, out var service))
        {
            TouchService(batch, service, agentView: false);
        }
    }

    private void TouchService(WriteBatch batch, ServiceRecord service, bool agentView = true)
    {
        _serviceIndexes[service.Name] = batch.Index;
        batch.Wake(Topics.Service(service.Name));
        batch.Wake(Topics.Node(Node.Name));
        if (agentView)
        {
            batch.Wake(Topics.AgentService(service.Id));
        }

        if (service.IsConnectProxy && service.Proxy is { DestinationServiceName.Length: > 0 } proxy)
        {
            _connectIndexes[proxy.DestinationServiceName] = batch.Index;
            batch.Wake(Topics.Connect(proxy.DestinationServiceName));
        }

        if (service.ConnectNative)
        {
            _connectIndexes[service.Name] = batch.Index;
            batch.Wake(Topics.Connect(service.Name));
        }
    }

    private void MarkExtinctIfGone(WriteBatch batch, string name)
    {
        if (!_services.Values.Any(s => s.Name == name))
        {
            _serviceIndexes.Remove(name);
            _extinctionIndex = batch.Index;
        }
    }
}
