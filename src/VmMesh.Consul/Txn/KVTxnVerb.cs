namespace VmMesh.Consul.Txn;

/// <summary>The KV verbs of <c>PUT /v1/txn</c> (§6.5).</summary>
public enum KVTxnVerb
{
    Set,
    Cas,
    Lock,
    Unlock,
    Get,
    GetTree,
    CheckIndex,
    CheckSession,
    CheckNotExists,
    Delete,
    DeleteTree,
    DeleteCas,
}
