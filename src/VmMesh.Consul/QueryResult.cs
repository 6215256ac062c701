namespace VmMesh.Consul;

/// <summary>A read's payload together with the <see cref="QueryMeta"/> needed to block on the next change.</summary>
public sealed record QueryResult<T>(T Value, QueryMeta Meta);
