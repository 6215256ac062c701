// PUT /v1/txn (KV verbs): all operations run against a copy of the KV table in one write with
// one index; any error rolls everything back and answers 409 with every failing op (§6.5).
using System.Text.Json;
using VmMesh.Consul.Dev.Hosting;
using VmMesh.Consul.Dev.Http;
using VmMesh.Consul.Dev.Json;
using VmMesh.Consul.Dev.Kv;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Txn;

internal sealed class TxnEndpoint
{
    public const int MaxOperations = 128;

    private static readonly HashSet<string> ReadVerbs = new(StringComparer.Ordinal) { "get", "get-tree", "get-or-empty", "check-index", "check-session", "check-not-exists" };

    private readonly StateStore _store;

    public TxnEndpoint(DevConsulRuntime runtime)
    {
        _store = runtime.Store;
    }

    public async Task<ConsulReply> ApplyAsync(RequestContext context)
    {
        var body = await context.ReadJsonBodyAsync();
        var ops = StrictJson.Decode<List<TxnOperation>>(body) ?? [];
        if (ops.Count > MaxOperations)
        {
            throw new ConsulHttpError(413, $"Transaction contains too many operations ({ops.Count} > {MaxOperations})");
        }

        if (ops.Any(o => o.KV is null))
        {
            throw new ConsulHttpError(400, "The dev server supports only KV operations in transactions");
        }

        var results = new List<(KvEntry Entry, bool WithValue)>();
        var errors = new List<(int Index, string What)>();
        _store.KvTransaction((kv, batch, sessionExists) =>
        {
            for (var i = 0; i < ops.Count; i++)
            {
                var error = Apply(kv, batch, sessionExists, ops[i].KV!, results);
                if (error is not null)
                {
                    errors.Add((i, error));
                }
            }

            return (errors.Count == 0, true);
        });

        var readOnly = ops.All(o => ReadVerbs.Contains(o.KV!.Verb ?? string.Empty));
        IReadOnlyList<KeyValuePair<string, string>> headers = readOnly ? [new("X-Consul-Knownleader", "true"), new("X-Consul-Lastcontact", "0")] : [];
        if (errors.Count > 0)
        {
            return Replies.Json(context, w =>
            {
                w.WriteStartObject();
                w.WriteNull("Results");
                w.WriteStartArray("Errors");
                foreach (var (index, what) in errors)
                {
                    w.WriteStartObject();
                    w.WriteNumber("OpIndex", index);
                    w.WriteString("What", what);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }) with { Status = 409, Headers = headers };
        }

        return Replies.Json(context, w =>
        {
            w.WriteStartObject();
            if (results.Count == 0)
            {
                w.WriteNull("Results");
            }
            else
            {
                w.WriteStartArray("Results");
                foreach (var (entry, withValue) in results)
                {
                    w.WriteStartObject();
                    w.WritePropertyName("KV");
                    DirEntryJson.Write(w, entry, withValue);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteNull("Errors");
            w.WriteEndObject();
        }) with { Headers = headers };
    }

    private static string? Apply(KvTable kv, WriteBatch batch, Func<string, bool> sessionExists, KvTxnOperation op, List<(KvEntry, bool)> results)
    {
        var key = op.Key ?? string.Empty;
        var value = op.Value ?? [];
        var session = op.Session ?? string.Empty;
        switch (op.Verb)
        {
            case "set":
                results.Add((kv.Set(batch, key, value, op.Flags), false));
                return null;
            case "cas":
                return Add(results, kv.Cas(batch, key, value, op.Flags, op.Index), false) ? null : $"failed to set key \"{key}\", index is stale";
            case "lock":
                if (session.Length == 0)
                {
                    return "missing session";
                }

                if (!sessionExists(session))
                {
                    return $"invalid session \"{session}\"";
                }

                return Add(results, kv.Lock(batch, key, value, op.Flags, session), false) ? null : $"failed to lock key \"{key}\", lock is already held";
            case "unlock":
                return Add(results, kv.Unlock(batch, key, value, op.Flags, session), false) ? null : $"failed to unlock key \"{key}\", lock isn't held, or is held by another session";
            case "get":
                return Add(results, kv.Get(key), true) ? null : $"key \"{key}\" doesn't exist";
            case "get-or-empty":
                Add(results, kv.Get(key), true);
                return null;
            case "get-tree":
                results.AddRange(kv.List(key).Select(e => (e, true)));
                return null;
            case "check-index":
            {
                var e = kv.Get(key);
                if (e is null)
                {
                    return $"key \"{key}\" doesn't exist";
                }

                if (e.ModifyIndex != op.Index)
                {
                    return $"failed index check for key \"{key}\", current modify index {e.ModifyIndex} != {op.Index}";
                }

                results.Add((e, false));
                return null;
            }

            case "check-session":
            {
                var e = kv.Get(key);
                if (e is null)
                {
                    return $"key \"{key}\" doesn't exist";
                }

                if ((e.Session ?? string.Empty) != session)
                {
                    return $"failed session check for key \"{key}\", current session \"{e.Session}\" != \"{session}\"";
                }

                results.Add((e, false));
                return null;
            }

            case "check-not-exists":
                return kv.Get(key) is null ? null : $"key \"{key}\" exists";
            case "delete":
                kv.Delete(batch, key);
                return null;
            case "delete-tree":
                kv.DeleteTree(batch, key);
                return null;
            case "delete-cas":
                return kv.DeleteCas(batch, key, op.Index) ? null : $"failed to delete key \"{key}\", index is stale";
            default:
                return $"unknown KV verb \"{op.Verb}\"";
        }
    }

    private static bool Add(List<(KvEntry, bool)> results, KvEntry? entry, bool withValue)
    {
        if (entry is null)
        {
            return false;
        }

        results.Add((entry, withValue));
        return true;
    }
}
