using System.Net;
using VmMesh.Consul.Http;
using VmMesh.Consul.Json;

namespace VmMesh.Consul.Sessions;

/// <summary>
/// <c>/v1/session/*</c> (§8). Create is not retried (a retry could leave an orphan session holding nothing); renew and
/// destroy are idempotent and retried. A renew 404 is a normal outcome (<see cref="SessionRenewal.IsGone"/>).
/// </summary>
public sealed class SessionEndpoint
{
    private readonly ConsulTransport _transport;

    internal SessionEndpoint(ConsulTransport transport) => _transport = transport;

    /// <summary>Creates a session and returns its ID.</summary>
    public async Task<string> CreateAsync(SessionCreateRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new SessionCreateRequest();
        var body = new SessionCreateBody
        {
            Name = request.Name,
            Node = request.Node,
            Ttl = request.Ttl,
            LockDelay = request.LockDelay,
            Behavior = request.Behavior switch
            {
                null => null,
                SessionBehavior.Delete => "delete",
                _ => "release",
            },
            NodeChecks = request.NodeChecks,
        };
        var response = await _transport.SendExpectingAsync(
            new ConsulRequest
            {
                Method = HttpMethod.Put,
                Path = "v1/session/create",
                Query = Datacenter().Parameters,
                Body = ConsulTransport.Serialize(body, ConsulJson.Context.SessionCreateBody),
                Idempotent = false,
            },
            cancellationToken);
        var created = ConsulTransport.Deserialize(response, ConsulJson.Context.SessionCreateResponse, new SessionCreateResponse());
        return string.IsNullOrEmpty(created.Id)
            ? throw new ConsulException(response.StatusCode, "Session create returned no ID")
            : created.Id;
    }

    /// <summary>Renews a session; the result carries the TTL the server wants, or <see cref="SessionRenewal.IsGone"/> on 404.</summary>
    public async Task<SessionRenewal> RenewAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var response = await _transport.SendExpectingAsync(Put("v1/session/renew/", sessionId, idempotent: true), cancellationToken, HttpStatusCode.NotFound);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new SessionRenewal();
        }

        var sessions = ConsulTransport.Deserialize(response, ConsulJson.Context.ListSessionEntry, []);
        return new SessionRenewal { Session = sessions.Count > 0 ? sessions[0] : new SessionEntry { Id = sessionId } };
    }

    /// <summary>Destroys a session (releasing or deleting its locks); unknown sessions are fine.</summary>
    public async Task<bool> DestroyAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var response = await _transport.SendExpectingAsync(Put("v1/session/destroy/", sessionId, idempotent: true), cancellationToken);
        return ConsulTransport.Deserialize(response, ConsulJson.Context.Boolean, true);
    }

    /// <summary>One session, or null when unknown.</summary>
    public async Task<QueryResult<SessionEntry?>> InfoAsync(string sessionId, QueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await ListAtAsync(ConsulPaths.Segment("v1/session/info/", sessionId, nameof(sessionId)), options, cancellationToken);
        return new(result.Value.Count > 0 ? result.Value[0] : null, result.Meta);
    }

    public Task<QueryResult<IReadOnlyList<SessionEntry>>> ListAsync(QueryOptions? options = null, CancellationToken cancellationToken = default)
        => ListAtAsync("v1/session/list", options, cancellationToken);

    private async Task<QueryResult<IReadOnlyList<SessionEntry>>> ListAtAsync(string path, QueryOptions? options, CancellationToken cancellationToken)
    {
        var query = new QueryBuilder();
        var wait = _transport.ApplyQueryOptions(query, options);
        var request = new ConsulRequest { Method = HttpMethod.Get, Path = path, Query = query.Parameters, Idempotent = true, BlockingWait = wait };
        var response = await _transport.SendExpectingAsync(request, cancellationToken);
        IReadOnlyList<SessionEntry> sessions = ConsulTransport.Deserialize(response, ConsulJson.Context.ListSessionEntry, []);
        return new(sessions, response.Meta);
    }

    private ConsulRequest Put(string prefix, string sessionId, bool idempotent)
        => new()
        {
            Method = HttpMethod.Put,
            Path = ConsulPaths.Segment(prefix, sessionId, nameof(sessionId)),
            Query = Datacenter().Parameters,
            Idempotent = idempotent,
        };

    private QueryBuilder Datacenter() => new QueryBuilder().AddIfNotEmpty("dc", _transport.Options.Datacenter);
}
