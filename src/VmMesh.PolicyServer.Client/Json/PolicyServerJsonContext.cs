// The wire format in one place: every record of docs/policy-server-api.md, serialized by source generation.
// Two option sets share it (PolicyServerJson): strict for bodies the server reads, tolerant for answers the client reads.
using System.Text.Json.Serialization;
using VmMesh.PolicyServer.Client.Audit;
using VmMesh.PolicyServer.Client.Ca;
using VmMesh.PolicyServer.Client.Errors;
using VmMesh.PolicyServer.Client.Health;
using VmMesh.PolicyServer.Client.Intentions;
using VmMesh.PolicyServer.Client.Tokens;

namespace VmMesh.PolicyServer.Client.Json;

/// <summary>Source-generated metadata for the policy server's wire records. Use <see cref="PolicyServerJson"/>'s instances.</summary>
[JsonSerializable(typeof(SignRequest))]
[JsonSerializable(typeof(SignResponse))]
[JsonSerializable(typeof(RootsResponse))]
[JsonSerializable(typeof(CreateTokenRequest))]
[JsonSerializable(typeof(TokenCreated))]
[JsonSerializable(typeof(IReadOnlyList<TokenInfo>))]
[JsonSerializable(typeof(IntentionListResponse))]
[JsonSerializable(typeof(IntentionResponse))]
[JsonSerializable(typeof(VersionResponse))]
[JsonSerializable(typeof(CheckRequest))]
[JsonSerializable(typeof(CheckResponse))]
[JsonSerializable(typeof(BundleResponse))]
[JsonSerializable(typeof(ShardResponse))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntry>))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(Policy.Model.IntentionDocument))]
public sealed partial class PolicyServerJsonContext : JsonSerializerContext;
