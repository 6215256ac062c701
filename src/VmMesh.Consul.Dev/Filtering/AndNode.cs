using System.Text.Json;

namespace VmMesh.Consul.Dev.Filtering;

/// <summary><c>a and b</c>.</summary>
internal sealed record AndNode(FilterNode Left, FilterNode Right) : FilterNode
{
    public override bool Evaluate(JsonElement element) => Left.Evaluate(element) && Right.Evaluate(element);
}
