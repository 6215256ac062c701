using VmMesh.Consul;
using VmMesh.Policy.Model;

namespace VmMesh.PolicyServer.State;

/// <summary>The intention documents and version as read from KV, with the version key's index for CAS.</summary>
internal sealed record IntentionState(IReadOnlyList<IntentionDocument> Documents, long Version, ConsulIndex VersionModifyIndex);
