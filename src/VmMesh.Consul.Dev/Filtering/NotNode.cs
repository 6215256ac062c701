using System.Text.Json;

namespace VmMesh.Consul.Dev.Filtering;

/// <summary><c>not a</c>.</summary>
internal sealed record NotNode(FilterNode Inner) : FilterNode
{
    public override bool Evaluate(JsonElement element) => !Inner.Evaluate(element);
}
