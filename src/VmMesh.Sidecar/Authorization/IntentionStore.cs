// Authorization: the intentions this sidecar enforces. Flow (this increment): an IntentionSet is published whole
// into IntentionStore and every inbound request evaluates against the latest one. The watch of the signed shards in
// Consul KV (vmmesh/intentions/shards/<service> and _wildcard), their JWS check and the disk cache publish here later.
using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Model;

namespace VmMesh.Sidecar.Authorization;

/// <summary>The current compiled intentions, swapped whole; starts empty with the mesh default (deny).</summary>
internal sealed class IntentionStore
{
    private IntentionSet _current = IntentionSet.Empty(MeshDefaults.DenyByDefault);

    public IntentionSet Current => Volatile.Read(ref _current);

    public void Publish(IntentionSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        Volatile.Write(ref _current, set);
    }
}
