namespace VmMesh.Consul.Dev.Http;

/// <summary>The blocking and consistency parameters of a read (contract §1.4, §2).</summary>
internal sealed record QueryOptions(ulong MinIndex, TimeSpan Wait, string Consistency, string? Hash);
