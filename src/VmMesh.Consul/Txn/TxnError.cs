namespace VmMesh.Consul.Txn;

/// <summary>Why a transaction rolled back: the failing operation's position and Consul's message.</summary>
public sealed record TxnError
{
    public int OpIndex { get; init; }

    public string What { get; init; } = string.Empty;
}
