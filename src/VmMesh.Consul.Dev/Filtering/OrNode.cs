using System.Text.Json;

namespace VmMesh.Consul.Dev.Filtering;

/// <summary><c>a or b</c>.</summary>
internal sealed record OrNode(FilterNode Left, FilterNode Right) : FilterNode
{
    public override bool Evaluate(JsonElement element) => Left.Evaluate(element) || Right.Evaluate(element);
}
