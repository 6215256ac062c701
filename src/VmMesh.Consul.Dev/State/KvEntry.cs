namespace VmMesh.Consul.Dev.State;

/// <summary>A KV entry (DirEntry); <see cref="Session"/> is null when unlocked.</summary>
internal sealed record KvEntry(string Key, byte[] Value, ulong Flags, string? Session, ulong LockIndex, ulong CreateIndex, ulong ModifyIndex);
