namespace VmMesh.Consul.Dev.State;

/// <summary>Outcome of a TTL check update (pass/warn/fail/update).</summary>
internal enum TtlUpdateResult
{
    Updated,
    NotFound,
    NotTtl,
}
