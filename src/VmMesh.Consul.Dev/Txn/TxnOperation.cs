using System.Text.Json;

namespace VmMesh.Consul.Dev.Txn;

/// <summary>One element of a /v1/txn body; only KV is supported by the dev server.</summary>
internal sealed class TxnOperation
{
    public KvTxnOperation? KV { get; set; }

    public JsonElement? Node { get; set; }

    public JsonElement? Service { get; set; }

    public JsonElement? Check { get; set; }

    public JsonElement? Session { get; set; }
}
