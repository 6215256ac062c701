using System.Text.Json;

namespace VmMesh.Consul.Json;

/// <summary>The shared serializer options (backed by <see cref="ConsulJsonContext"/>).</summary>
internal static class ConsulJson
{
    public static ConsulJsonContext Context { get; } = ConsulJsonContext.Default;

    public static JsonSerializerOptions Options => Context.Options;
}
