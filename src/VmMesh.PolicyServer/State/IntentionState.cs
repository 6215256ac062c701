using VmMesh.Consul;
using VmMesh.Policy.Model;

namespace VmMesh.PolicyServer.State;

/// <summary>
/// The intention documents and version as read from KV, with the version key's index for CAS and, per destination,
/// the intentions version at which its document was last written (kept in the document entry's KV flags).
/// </summary>
internal sealed record IntentionState(IReadOnlyList<IntentionDocument> Documents, long Version, ConsulIndex VersionModifyIndex, IReadOnlyDictionary<string, long> DocumentVersions);
