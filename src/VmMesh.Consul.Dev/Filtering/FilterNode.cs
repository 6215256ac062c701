using System.Text.Json;

namespace VmMesh.Consul.Dev.Filtering;

/// <summary>A parsed filter expression, evaluated against the JSON of one response element.</summary>
internal abstract record FilterNode
{
    public abstract bool Evaluate(JsonElement element);
}
