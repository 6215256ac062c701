using System.Text.Json.Serialization;

namespace VmMesh.Consul.Dev.Json;

/// <summary>A decoded Go duration plus the text it came from (sessions echo TTL as given).</summary>
[JsonConverter(typeof(DurationValueConverter))]
internal readonly record struct DurationValue(TimeSpan Value, string Text, bool WasNumber);
