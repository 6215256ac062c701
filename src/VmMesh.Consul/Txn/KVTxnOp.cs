namespace VmMesh.Consul.Txn;

/// <summary>One KV operation of a transaction; build with the factory methods so each verb gets the fields it needs.</summary>
public sealed record KVTxnOp
{
    public required KVTxnVerb Verb { get; init; }

    public required string Key { get; init; }

    public byte[]? Value { get; init; }

    public ulong? Flags { get; init; }

    public ConsulIndex? Index { get; init; }

    public string? Session { get; init; }

    public static KVTxnOp Set(string key, byte[] value, ulong flags = 0) => new() { Verb = KVTxnVerb.Set, Key = key, Value = value, Flags = flags };

    public static KVTxnOp Cas(string key, byte[] value, ConsulIndex modifyIndex) => new() { Verb = KVTxnVerb.Cas, Key = key, Value = value, Index = modifyIndex };

    public static KVTxnOp Lock(string key, byte[] value, string session) => new() { Verb = KVTxnVerb.Lock, Key = key, Value = value, Session = session };

    public static KVTxnOp Unlock(string key, byte[] value, string session) => new() { Verb = KVTxnVerb.Unlock, Key = key, Value = value, Session = session };

    public static KVTxnOp Get(string key) => new() { Verb = KVTxnVerb.Get, Key = key };

    public static KVTxnOp GetTree(string prefix) => new() { Verb = KVTxnVerb.GetTree, Key = prefix };

    public static KVTxnOp CheckIndex(string key, ConsulIndex modifyIndex) => new() { Verb = KVTxnVerb.CheckIndex, Key = key, Index = modifyIndex };

    public static KVTxnOp CheckSession(string key, string session) => new() { Verb = KVTxnVerb.CheckSession, Key = key, Session = session };

    public static KVTxnOp CheckNotExists(string key) => new() { Verb = KVTxnVerb.CheckNotExists, Key = key };

    public static KVTxnOp Delete(string key) => new() { Verb = KVTxnVerb.Delete, Key = key };

    public static KVTxnOp DeleteTree(string prefix) => new() { Verb = KVTxnVerb.DeleteTree, Key = prefix };

    public static KVTxnOp DeleteCas(string key, ConsulIndex modifyIndex) => new() { Verb = KVTxnVerb.DeleteCas, Key = key, Index = modifyIndex };
}
