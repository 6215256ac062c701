namespace VmMesh.Consul;

/// <summary>
/// Options shared by reads: blocking (<see cref="Index"/> or <see cref="Hash"/> with <see cref="Wait"/>),
/// consistency and datacenter. The default instance is a plain, non-blocking read.
/// </summary>
public sealed record QueryOptions
{
    public static QueryOptions Default { get; } = new();

    /// <summary>Block until the result's index exceeds this one; zero means do not block.</summary>
    public ConsulIndex Index { get; init; }

    /// <summary>Block until the content hash differs (agent-local endpoints such as /v1/agent/service/:id).</summary>
    public string? Hash { get; init; }

    /// <summary>Longest time the server may hold a blocking read (default 5 min, capped at 10 min).</summary>
    public TimeSpan? Wait { get; init; }

    public ConsistencyMode Consistency { get; init; }

    /// <summary>Overrides <see cref="ConsulClientOptions.Datacenter"/> for this read.</summary>
    public string? Datacenter { get; init; }

    internal bool IsBlocking => !Index.IsZero || Hash is not null;
}
