using System.Text.Json;
using System.Text.Json.Serialization;
using VmMesh.Consul.Agent;
using VmMesh.Consul.Catalog;
using VmMesh.Consul.Health;
using VmMesh.Consul.Kv;
using VmMesh.Consul.Sessions;
using VmMesh.Consul.Txn;

namespace VmMesh.Consul.Json;

/// <summary>
/// Source-generated JSON metadata for every Consul body the client reads or writes. Property names are the C# names
/// (PascalCase, with <c>JsonPropertyName</c> for wire names like <c>ID</c>); reads match case-insensitively and
/// ignore unknown fields; writes omit nulls so only fields the caller set reach Consul's strict decoder.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(ConsulIndexConverter)])]
[JsonSerializable(typeof(AgentSelf))]
[JsonSerializable(typeof(AgentService))]
[JsonSerializable(typeof(Dictionary<string, AgentService>))]
[JsonSerializable(typeof(AgentServiceRegistration))]
[JsonSerializable(typeof(AgentCheckRegistration))]
[JsonSerializable(typeof(CheckUpdateBody))]
[JsonSerializable(typeof(Dictionary<string, HealthCheck>))]
[JsonSerializable(typeof(List<HealthCheck>))]
[JsonSerializable(typeof(List<ServiceEntry>))]
[JsonSerializable(typeof(List<CatalogNode>))]
[JsonSerializable(typeof(List<CatalogService>))]
[JsonSerializable(typeof(Dictionary<string, List<string>?>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, ServiceAddress>))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(List<KVPair>))]
[JsonSerializable(typeof(List<TxnOpWire>))]
[JsonSerializable(typeof(TxnResponseWire))]
[JsonSerializable(typeof(List<TxnResultWire>))]
[JsonSerializable(typeof(List<TxnError>))]
[JsonSerializable(typeof(SessionCreateBody))]
[JsonSerializable(typeof(SessionCreateResponse))]
[JsonSerializable(typeof(List<SessionEntry>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
internal sealed partial class ConsulJsonContext : JsonSerializerContext;
