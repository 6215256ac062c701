// /v1/session/*: create (LockDelay/TTL/Behavior/check rules of §8.1), destroy, renew, and the
// blockable info/list/node reads (sessions table index).
using System.Globalization;
using VmMesh.Consul.Dev.Blocking;
using VmMesh.Consul.Dev.Hosting;
using VmMesh.Consul.Dev.Http;
using VmMesh.Consul.Dev.Json;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Sessions;

internal sealed class SessionEndpoints
{
    private static readonly TimeSpan DefaultLockDelay = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxLockDelay = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxTtl = TimeSpan.FromHours(24);

    private readonly DevConsulRuntime _runtime;
    private readonly StateStore _store;

    public SessionEndpoints(DevConsulRuntime runtime)
    {
        _runtime = runtime;
        _store = runtime.Store;
    }

    public async Task<ConsulReply> CreateAsync(RequestContext context)
    {
        var body = await context.ReadJsonBodyAsync();
        var request = StrictJson.Decode<SessionCreateRequest>(body) ?? new SessionCreateRequest();
        var draft = new SessionRecord
        {
            Id = _runtime.NewUuid(),
            Name = request.Name ?? string.Empty,
            Node = string.IsNullOrEmpty(request.Node) ? _store.Node.Name : request.Node,
            LockDelay = LockDelay(request.LockDelay),
            Behavior = Behavior(request.Behavior),
            Ttl = request.Ttl ?? string.Empty,
            TtlValue = Ttl(request.Ttl ?? string.Empty),
            NodeChecks = request.NodeChecks is { } nodeChecks ? [.. nodeChecks]
                : request.Checks is { } legacy ? [.. legacy]
                : [StateStore.SerfHealthId],
            ServiceChecks = request.ServiceChecks is { Count: > 0 } sc ? [.. sc.Select(c => c.Id ?? string.Empty)] : null,
        };
        var session = _store.CreateSession(draft);
        _runtime.Sessions.Start(session);
        return Replies.Json(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("ID", session.Id);
            w.WriteEndObject();
        });
    }

    public Task<ConsulReply> DestroyAsync(RequestContext context)
    {
        _runtime.Sessions.Remove(context.Parameter);
        _store.DestroySession(context.Parameter);
        return Task.FromResult(ConsulReply.Bool(true));
    }

    public Task<ConsulReply> RenewAsync(RequestContext context)
    {
        var id = context.Parameter;
        var session = _store.Session(id) ?? throw new ConsulHttpError(404, $"Session id '{id}' not found");
        _runtime.Sessions.Renew(id);
        return Task.FromResult(Replies.JsonArray(context, [session], SessionJson.Write));
    }

    public Task<ConsulReply> InfoAsync(RequestContext context)
    {
        var id = context.Parameter;
        return List(context, s => s.Id == id);
    }

    public Task<ConsulReply> ListAsync(RequestContext context) => List(context, _ => true);

    public Task<ConsulReply> NodeAsync(RequestContext context)
    {
        var node = context.Parameter;
        return List(context, s => s.Node == node);
    }

    private Task<ConsulReply> List(RequestContext context, Func<SessionRecord, bool> filter)
        => _runtime.Blocking.RunAsync(context.Query, [Topics.Sessions], () =>
        {
            var (index, sessions) = _store.Sessions(filter);
            return Replies.JsonArray(context, sessions, SessionJson.Write) with { Index = index };
        }, context.Aborted);

    /// <summary>Strings are Go durations; numbers below 1000 are seconds, larger ones nanoseconds; capped at 60 s.</summary>
    private static TimeSpan LockDelay(DurationValue? given)
    {
        if (given is not { } value)
        {
            return DefaultLockDelay;
        }

        var delay = value.Value;
        if (value.WasNumber && double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n < 1000)
        {
            delay = TimeSpan.FromSeconds(n);
        }

        return delay > MaxLockDelay ? MaxLockDelay : delay;
    }

    private static string Behavior(string? behavior) => behavior switch
    {
        null or "" or "release" => "release",
        "delete" => "delete",
        _ => throw new ConsulHttpError(500, $"Invalid Behavior setting '{behavior}'"),
    };

    private TimeSpan Ttl(string ttl)
    {
        if (ttl.Length == 0)
        {
            return TimeSpan.Zero;
        }

        if (!GoDuration.TryParse(ttl, out var value, out var error))
        {
            throw new ConsulHttpError(500, $"Session TTL '{ttl}' invalid: {error}");
        }

        var min = _runtime.Options.MinimumSessionTtl;
        if (value != TimeSpan.Zero && (value < min || value > MaxTtl))
        {
            throw new ConsulHttpError(500, $"Invalid Session TTL '{(value.Ticks * 100).ToString(CultureInfo.InvariantCulture)}', must be between [{GoDuration.Format(min)}={GoDuration.Format(MaxTtl)}]");
        }

        return value;
    }
}
