namespace VmMesh.Consul.Watches;

/// <summary>Index-based blocking (most reads) or hash-based blocking (agent-local endpoints, §2.4).</summary>
internal enum WatchMode
{
    Index,
    Hash,
}
