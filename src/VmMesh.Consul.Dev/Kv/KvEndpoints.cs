// /v1/kv/<key>: GET (single, ?recurse, ?keys[&separator], ?raw), PUT (?flags, ?cas, ?acquire,
// ?release) and DELETE (?recurse, ?cas) with Consul's exact answers (contract §6).
using System.Globalization;
using VmMesh.Consul.Dev.Blocking;
using VmMesh.Consul.Dev.Hosting;
using VmMesh.Consul.Dev.Http;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Kv;

internal sealed class KvEndpoints
{
    public const int MaxValueSize = 512 * 1024;

    private static readonly string[] WriteModes = ["cas", "acquire", "release"];

    private readonly DevConsulRuntime _runtime;
    private readonly StateStore _store;

    public KvEndpoints(DevConsulRuntime runtime)
    {
        _runtime = runtime;
        _store = runtime.Store;
    }

    public Task<ConsulReply> GetAsync(RequestContext context)
    {
        var key = context.Parameter;
        ValidateKey(key);
        if (context.Has("keys"))
        {
            var separator = context.Get("separator") ?? context.Get("seperator") ?? string.Empty;
            return _runtime.Blocking.RunAsync(context.Query, [Topics.KvPrefix(key)], () => Keys(context, key, separator), context.Aborted);
        }

        if (context.Has("recurse"))
        {
            return _runtime.Blocking.RunAsync(context.Query, [Topics.KvPrefix(key)], () =>
            {
                var (index, entries) = _store.KvList(key);
                return entries.Count == 0
                    ? new ConsulReply(404, null, []) { Index = index }
                    : Replies.JsonArray(context, entries, (w, e) => DirEntryJson.Write(w, e)) with { Index = index };
            }, context.Aborted);
        }

        if (key.Length == 0)
        {
            throw new ConsulHttpError(400, "Missing key name");
        }

        var raw = context.Has("raw");
        return _runtime.Blocking.RunAsync(context.Query, [Topics.Kv(key)], () =>
        {
            var (index, entry) = _store.KvGet(key);
            if (entry is null)
            {
                return new ConsulReply(404, null, []) { Index = index };
            }

            if (raw)
            {
                return new ConsulReply(200, "text/plain", entry.Value)
                {
                    Index = index,
                    Headers = [new("X-Content-Type-Options", "nosniff"), new("Content-Security-Policy", "sandbox")],
                };
            }

            return Replies.JsonArray(context, [entry], (w, e) => DirEntryJson.Write(w, e)) with { Index = index };
        }, context.Aborted);
    }

    public async Task<ConsulReply> PutAsync(RequestContext context)
    {
        var key = context.Parameter;
        if (key.Length == 0)
        {
            throw new ConsulHttpError(400, "Missing key name");
        }

        ValidateKey(key);
        var modes = WriteModes.Count(context.Has);
        if (modes > 1)
        {
            throw Conflicting(context);
        }

        var flags = ParseUnsigned(context.Get("flags"));
        ulong? cas = context.Has("cas") ? ParseUnsigned(context.Get("cas")) : null;
        var (body, length) = await context.ReadBodyAsync(MaxValueSize);
        if (body is null)
        {
            throw new ConsulHttpError(413, $"Request body({length} bytes) too large, max size: {MaxValueSize} bytes. See https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.");
        }

        bool ok;
        if (context.Get("acquire") is { } acquire)
        {
            ok = _store.KvAcquire(key, body, flags, acquire);
        }
        else if (context.Get("release") is { } release)
        {
            ok = _store.KvWrite((kv, batch) => kv.Unlock(batch, key, body, flags, release) is not null);
        }
        else if (cas is { } expected)
        {
            ok = _store.KvWrite((kv, batch) => kv.Cas(batch, key, body, flags, expected) is not null);
        }
        else
        {
            ok = _store.KvWrite((kv, batch) => kv.Set(batch, key, body, flags) is not null);
        }

        return ConsulReply.Bool(ok);
    }

    public Task<ConsulReply> DeleteAsync(RequestContext context)
    {
        var key = context.Parameter;
        var recurse = context.Has("recurse");
        if (key.Length == 0 && !recurse)
        {
            throw new ConsulHttpError(400, "Missing key name");
        }

        ValidateKey(key);
        if (recurse && context.Has("cas"))
        {
            throw Conflicting(context);
        }

        bool ok;
        if (recurse)
        {
            ok = _store.KvWrite((kv, batch) =>
            {
                kv.DeleteTree(batch, key);
                return true;
            });
        }
        else if (context.Has("cas"))
        {
            var cas = ParseUnsigned(context.Get("cas"));
            ok = _store.KvWrite((kv, batch) => kv.DeleteCas(batch, key, cas));
        }
        else
        {
            ok = _store.KvWrite((kv, batch) =>
            {
                kv.Delete(batch, key);
                return true;
            });
        }

        return Task.FromResult(ConsulReply.Bool(ok));
    }

    private ConsulReply Keys(RequestContext context, string prefix, string separator)
    {
        var (index, entries) = _store.KvList(prefix);
        var keys = new List<string>();
        foreach (var e in entries)
        {
            var key = e.Key;
            if (separator.Length > 0)
            {
                var at = key.IndexOf(separator, prefix.Length, StringComparison.Ordinal);
                if (at >= 0)
                {
                    key = key[..(at + separator.Length)];
                }
            }

            if (keys.Count == 0 || keys[^1] != key)
            {
                keys.Add(key);
            }
        }

        if (keys.Count == 0 && prefix.Length > 0)
        {
            return new ConsulReply(404, null, []) { Index = index };
        }

        return Replies.JsonArray(context, keys, (w, k) => w.WriteStringValue(k)) with { Index = index };
    }

    private void ValidateKey(string key)
    {
        if (_runtime.Options.ValidateKvKeys)
        {
            KeyRules.Validate(key);
        }
    }

    private static ConsulHttpError Conflicting(RequestContext context)
        => new(400, "Conflicting flags: " + GoQuery.Encode(context.Http.Request.Query) + "\n");

    private static ulong ParseUnsigned(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new ConsulHttpError(500, $"strconv.ParseUint: parsing \"{text}\": invalid syntax");
        }

        return value;
    }
}
