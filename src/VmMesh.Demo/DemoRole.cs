namespace VmMesh.Demo;

/// <summary>Which part of the demo chain this process plays, and whom it calls next (null for the end of the chain).</summary>
internal sealed record DemoRole(string Name, string? Downstream)
{
    public static readonly IReadOnlyList<DemoRole> All =
    [
        new("web", "api"),
        new("api", "inventory"),
        new("inventory", null),
    ];

    public static DemoRole? Find(string? name) => All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
}
