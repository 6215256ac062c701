namespace VmMesh.Consul.Http;

/// <summary>
/// One call to Consul. <see cref="Idempotent"/> decides whether transient failures may be retried;
/// <see cref="BlockingWait"/> (set for blocking reads) decides the per-request timeout.
/// </summary>
internal sealed record ConsulRequest
{
    public required HttpMethod Method { get; init; }

    /// <summary>Relative, already-escaped path such as <c>v1/kv/a/b</c>.</summary>
    public required string Path { get; init; }

    public IReadOnlyList<KeyValuePair<string, string?>> Query { get; init; } = [];

    public byte[]? Body { get; init; }

    public string ContentType { get; init; } = "application/json";

    public required bool Idempotent { get; init; }

    public TimeSpan? BlockingWait { get; init; }

    public string PathAndQuery => Path + QueryBuilder.Render(Query);

    /// <summary>The path as logs may show it: KV keys are left out.</summary>
    public string LogPath => Path.StartsWith("v1/kv/", StringComparison.Ordinal) ? "v1/kv/<key>" : Path;
}
