using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using VmMesh.Consul.Http;

namespace VmMesh.Consul.Watches;

/// <summary>Creates watches that share the client's clock, random source, logger and default <see cref="WatchOptions"/>.</summary>
internal sealed class WatchFactory(ConsulClientOptions options, ConsulRandom random, ILogger logger)
{
    public BlockingQueryWatch<T> Create<T>(
        Func<QueryOptions, CancellationToken, Task<QueryResult<T>>> query,
        IEqualityComparer<T> comparer,
        string name,
        WatchMode mode = WatchMode.Index,
        QueryOptions? baseOptions = null,
        TimeSpan? wait = null)
        => new(
            query,
            comparer,
            wait is { } w ? options.Watch with { Wait = w } : options.Watch,
            options.TimeProvider,
            random,
            logger,
            mode,
            baseOptions ?? QueryOptions.Default,
            name);

    public BlockingQueryWatch<T> Create<T>(
        Func<QueryOptions, CancellationToken, Task<QueryResult<T>>> query,
        JsonTypeInfo<T> canonicalForm,
        WatchMode mode)
        => Create(query, JsonCanonicalComparer<T>.For(canonicalForm), typeof(T).Name, mode);
}
