using System.Net;
using VmMesh.Consul.Http;
using VmMesh.Consul.Json;
using VmMesh.Consul.Watches;

namespace VmMesh.Consul.Kv;

/// <summary>
/// <c>/v1/kv/*</c> (§6). A missing key is not an error: reads return null (or an empty list) with the index to block
/// on. Plain puts and deletes are idempotent and retried; CAS, acquire and release are not, because a retry after a
/// lost response could report the wrong outcome.
/// </summary>
public sealed class KvEndpoint
{
    private const string OctetStream = "application/octet-stream";

    private readonly ConsulTransport _transport;
    private readonly WatchFactory _watches;

    internal KvEndpoint(ConsulTransport transport, WatchFactory watches)
    {
        _transport = transport;
        _watches = watches;
    }

    /// <summary>One entry, or null (with the index) when the key does not exist.</summary>
    public async Task<QueryResult<KVPair?>> GetAsync(string key, QueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await ReadAsync(ConsulPaths.Kv(key, allowEmpty: false), new QueryBuilder(), options, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new(null, response.Meta);
        }

        var pairs = ConsulTransport.Deserialize(response, ConsulJson.Context.ListKVPair, []);
        return new(pairs.Count > 0 ? pairs[0] : null, response.Meta);
    }

    /// <summary>The raw value bytes (<c>?raw</c>), or null when the key does not exist.</summary>
    public async Task<QueryResult<byte[]?>> GetRawAsync(string key, QueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await ReadAsync(ConsulPaths.Kv(key, allowEmpty: false), new QueryBuilder().Flag("raw"), options, cancellationToken);
        return new(response.StatusCode == HttpStatusCode.NotFound ? null : response.Body, response.Meta);
    }

    /// <summary>Keys under a prefix; with a <paramref name="separator"/> (usually <c>/</c>) only one level deep.</summary>
    public async Task<QueryResult<IReadOnlyList<string>>> KeysAsync(string prefix, string? separator = null, QueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder().Flag("keys").AddIfNotEmpty("separator", separator);
        var response = await ReadAsync(ConsulPaths.Kv(prefix, allowEmpty: true), query, options, cancellationToken);
        IReadOnlyList<string> keys = response.StatusCode == HttpStatusCode.NotFound ? [] : ConsulTransport.Deserialize(response, ConsulJson.Context.ListString, []);
        return new(keys, response.Meta);
    }

    /// <summary>Every entry whose key starts with <paramref name="prefix"/> (<c>?recurse</c>), sorted by key.</summary>
    public async Task<QueryResult<IReadOnlyList<KVPair>>> ListAsync(string prefix, QueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await ReadAsync(ConsulPaths.Kv(prefix, allowEmpty: true), new QueryBuilder().Flag("recurse"), options, cancellationToken);
        IReadOnlyList<KVPair> pairs = response.StatusCode == HttpStatusCode.NotFound ? [] : ConsulTransport.Deserialize(response, ConsulJson.Context.ListKVPair, []);
        return new(pairs, response.Meta);
    }

    /// <summary>Creates or overwrites a key (idempotent, retried). Keeps an existing lock holder.</summary>
    public Task<bool> PutAsync(string key, ReadOnlyMemory<byte> value, ulong flags = 0, CancellationToken cancellationToken = default)
        => WriteAsync(HttpMethod.Put, key, FlagsQuery(flags), value, idempotent: true, cancellationToken);

    /// <summary>Writes only if the key's ModifyIndex equals <paramref name="modifyIndex"/>; zero means "only if absent".</summary>
    public Task<bool> PutCasAsync(string key, ReadOnlyMemory<byte> value, ConsulIndex modifyIndex, ulong flags = 0, CancellationToken cancellationToken = default)
        => WriteAsync(HttpMethod.Put, key, FlagsQuery(flags).Add("cas", modifyIndex.Value), value, idempotent: false, cancellationToken);

    /// <summary>Takes the lock on a key for a session and writes the value; false when held by another session or during lock-delay.</summary>
    public Task<bool> AcquireAsync(string key, ReadOnlyMemory<byte> value, string session, ulong flags = 0, CancellationToken cancellationToken = default)
        => WriteAsync(HttpMethod.Put, key, FlagsQuery(flags).Add("acquire", RequireSession(session)), value, idempotent: false, cancellationToken);

    /// <summary>Releases the session's lock on a key, writing <paramref name="value"/>; false when the session does not hold it.</summary>
    public Task<bool> ReleaseAsync(string key, ReadOnlyMemory<byte> value, string session, ulong flags = 0, CancellationToken cancellationToken = default)
        => WriteAsync(HttpMethod.Put, key, FlagsQuery(flags).Add("release", RequireSession(session)), value, idempotent: false, cancellationToken);

    /// <summary>Deletes a key (true even when it did not exist; idempotent, retried).</summary>
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
        => WriteAsync(HttpMethod.Delete, key, new QueryBuilder(), null, idempotent: true, cancellationToken);

    /// <summary>Deletes every key under a prefix (idempotent, retried).</summary>
    public Task<bool> DeleteTreeAsync(string prefix, CancellationToken cancellationToken = default)
        => WriteAsync(HttpMethod.Delete, prefix, new QueryBuilder().Flag("recurse"), null, idempotent: true, cancellationToken, allowEmptyKey: true);

    /// <summary>Deletes only if the key's ModifyIndex equals <paramref name="modifyIndex"/>.</summary>
    public Task<bool> DeleteCasAsync(string key, ConsulIndex modifyIndex, CancellationToken cancellationToken = default)
        => WriteAsync(HttpMethod.Delete, key, new QueryBuilder().Add("cas", modifyIndex.Value), null, idempotent: false, cancellationToken);

    /// <summary>Follows one key; null is delivered while it does not exist.</summary>
    public IAsyncEnumerable<QueryResult<KVPair?>> Watch(string key, CancellationToken cancellationToken = default)
        => _watches.Create((options, token) => GetAsync(key, options, token), CanonicalComparers.ForNullable(ConsulJson.Context.KVPair), "kv/key")
            .WatchAsync(cancellationToken);

    /// <summary>Follows every entry under a prefix.</summary>
    public IAsyncEnumerable<QueryResult<IReadOnlyList<KVPair>>> WatchPrefix(string prefix, CancellationToken cancellationToken = default)
        => _watches.Create((options, token) => ListAsync(prefix, options, token), CanonicalComparers.ForList(ConsulJson.Context.ListKVPair), "kv/prefix")
            .WatchAsync(cancellationToken);

    internal BlockingQueryWatch<KVPair?> CreateKeyWatch(string key, QueryOptions baseOptions, TimeSpan? wait = null)
        => _watches.Create((options, token) => GetAsync(key, options, token), CanonicalComparers.ForNullable(ConsulJson.Context.KVPair), "kv/key", WatchMode.Index, baseOptions, wait);

    private async Task<ConsulResponse> ReadAsync(string path, QueryBuilder query, QueryOptions? options, CancellationToken cancellationToken)
    {
        var wait = _transport.ApplyQueryOptions(query, options);
        var request = new ConsulRequest { Method = HttpMethod.Get, Path = path, Query = query.Parameters, Idempotent = true, BlockingWait = wait };
        return await _transport.SendExpectingAsync(request, cancellationToken, HttpStatusCode.NotFound);
    }

    private async Task<bool> WriteAsync(HttpMethod method, string key, QueryBuilder query, ReadOnlyMemory<byte>? value, bool idempotent, CancellationToken cancellationToken, bool allowEmptyKey = false)
    {
        query.AddIfNotEmpty("dc", _transport.Options.Datacenter);
        var request = new ConsulRequest
        {
            Method = method,
            Path = ConsulPaths.Kv(key, allowEmptyKey),
            Query = query.Parameters,
            Body = value?.ToArray(),
            ContentType = OctetStream,
            Idempotent = idempotent,
        };
        var response = await _transport.SendExpectingAsync(request, cancellationToken);
        return ConsulTransport.Deserialize(response, ConsulJson.Context.Boolean, false);
    }

    private static QueryBuilder FlagsQuery(ulong flags) => flags == 0 ? new QueryBuilder() : new QueryBuilder().Add("flags", flags);

    private static string RequireSession(string session)
        => string.IsNullOrWhiteSpace(session)
            ? throw new ArgumentException("Session ID is empty; create a session with Sessions.CreateAsync first.", nameof(session))
            : session;
}
