namespace VmMesh.Consul.Health;

/// <summary>Filters of <c>/v1/health/service</c> and <c>/v1/health/connect</c>.</summary>
public sealed record HealthQuery
{
    public static HealthQuery Default { get; } = new();

    /// <summary><c>?passing</c>: drop instances with any non-passing check (warning counts as not passing).</summary>
    public bool PassingOnly { get; init; }

    /// <summary><c>?tag=</c>, repeatable, all must match.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary><c>?filter=</c> bexpr expression, e.g. <c>Service.Meta.version == "v1"</c>.</summary>
    public string? Filter { get; init; }
}
