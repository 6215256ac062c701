// Alias checks: an alias mirrors the aggregate of the aliased service's checks plus the node
// checks. Writes mark the services whose health they touched; only aliases pointing at those
// are recomputed, so a probe result costs one alias evaluation, not one per sidecar.
namespace VmMesh.Consul.Dev.State;

internal sealed partial class StateStore
{
    private readonly HashSet<string> _dirtyAliasTargets = new(StringComparer.Ordinal);
    private bool _allAliasesDirty;

    /// <summary>Records that the health seen by aliases of <paramref name="serviceId"/> ("" = node level) may have changed.</summary>
    private void MarkAliasTargetDirty(string serviceId)
    {
        if (serviceId.Length == 0)
        {
            _allAliasesDirty = true;
        }
        else
        {
            _dirtyAliasTargets.Add(serviceId);
        }
    }

    private void RecomputeAliases(WriteBatch batch)
    {
        for (var round = 0; round < 4 && (_allAliasesDirty || _dirtyAliasTargets.Count > 0); round++)
        {
            var all = _allAliasesDirty;
            var dirty = _dirtyAliasTargets.ToHashSet(StringComparer.Ordinal);
            _allAliasesDirty = false;
            _dirtyAliasTargets.Clear();
            var aliases = _checks.Values
                .Where(c => c.Spec?.Type == "alias" && (all || c.Spec.AliasService.Length == 0 || dirty.Contains(c.Spec.AliasService)))
                .ToList();
            foreach (var alias in aliases)
            {
                var (status, output) = AliasResult(alias);
                if (alias.Status != status || alias.Output != output)
                {
                    SetStatus(batch, alias.CheckId, status, output);
                }
            }
        }

        _allAliasesDirty = false;
        _dirtyAliasTargets.Clear();
    }

    private (string Status, string Output) AliasResult(CheckRecord alias)
    {
        var spec = alias.Spec!;
        if (spec.AliasNode.Length > 0 && spec.AliasNode != Node.Name)
        {
            return (CheckStatus.Critical, $"Node {spec.AliasNode} could not be found");
        }

        if (spec.AliasService.Length > 0 && !_services.ContainsKey(spec.AliasService))
        {
            return (CheckStatus.Critical, $"Service {spec.AliasService} could not be found on node {Node.Name}");
        }

        var status = CheckStatus.Passing;
        var output = "No checks found.";
        var relevant = _checks.Values
            .Where(c => c.CheckId != alias.CheckId && (c.ServiceId.Length == 0 || (spec.AliasService.Length > 0 && c.ServiceId == spec.AliasService)))
            .OrderBy(c => c.CheckId, StringComparer.Ordinal);
        foreach (var c in relevant)
        {
            if (c.Status is CheckStatus.Critical or CheckStatus.Warning)
            {
                status = c.Status;
                output = $"Aliased check \"{c.Name}\" failing: {c.Output}";
                if (c.Status == CheckStatus.Critical)
                {
                    break;
                }
            }
            else if (status == CheckStatus.Passing)
            {
                output = "All checks passing.";
            }
        }

        return (status, output);
    }
}
