using System.Net;
using VmMesh.Consul.Http;
using VmMesh.Consul.Json;
using VmMesh.Consul.Kv;

namespace VmMesh.Consul.Txn;

/// <summary>
/// <c>PUT /v1/txn</c> with KV verbs (§6.5): all operations commit or none. Never retried blindly: a retry after a
/// lost response could apply the transaction twice.
/// </summary>
public sealed class TxnEndpoint
{
    private readonly ConsulTransport _transport;

    internal TxnEndpoint(ConsulTransport transport) => _transport = transport;

    /// <summary>Runs the operations; a rollback (409) returns <see cref="TxnResult.Committed"/> false with the errors.</summary>
    public async Task<TxnResult> ExecuteAsync(IReadOnlyList<KVTxnOp> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var wire = operations.Select(ToWire).ToList();
        var query = new QueryBuilder().AddIfNotEmpty("dc", _transport.Options.Datacenter);
        var request = new ConsulRequest
        {
            Method = HttpMethod.Put,
            Path = "v1/txn",
            Query = query.Parameters,
            Body = ConsulTransport.Serialize(wire, ConsulJson.Context.ListTxnOpWire),
            Idempotent = false,
        };
        var response = await _transport.SendExpectingAsync(request, cancellationToken, HttpStatusCode.Conflict);
        var body = ConsulTransport.Deserialize(response, ConsulJson.Context.TxnResponseWire, new TxnResponseWire());
        return new TxnResult
        {
            Committed = response.StatusCode != HttpStatusCode.Conflict,
            Results = [.. body.Results.Select(result => result.KV).OfType<KVPair>()],
            Errors = body.Errors,
        };
    }

    private static TxnOpWire ToWire(KVTxnOp op)
    {
        var verb = op.Verb switch
        {
            KVTxnVerb.Set => "set",
            KVTxnVerb.Cas => "cas",
            KVTxnVerb.Lock => "lock",
            KVTxnVerb.Unlock => "unlock",
            KVTxnVerb.Get => "get",
            KVTxnVerb.GetTree => "get-tree",
            KVTxnVerb.CheckIndex => "check-index",
            KVTxnVerb.CheckSession => "check-session",
            KVTxnVerb.CheckNotExists => "check-not-exists",
            KVTxnVerb.Delete => "delete",
            KVTxnVerb.DeleteTree => "delete-tree",
            KVTxnVerb.DeleteCas => "delete-cas",
            _ => throw new ArgumentOutOfRangeException(nameof(op), op.Verb, "Unknown KV transaction verb."),
        };
        return new TxnOpWire(new TxnKVWire
        {
            Verb = verb,
            Key = op.Key,
            Value = op.Value,
            Flags = op.Flags,
            Index = op.Index?.Value,
            Session = op.Session,
        });
    }
}
