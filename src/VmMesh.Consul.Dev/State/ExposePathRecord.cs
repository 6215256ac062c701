namespace VmMesh.Consul.Dev.State;

/// <summary>A path a proxy exposes without mTLS (Proxy.Expose.Paths).</summary>
internal sealed record ExposePathRecord(string Path, int LocalPathPort, int ListenerPort, string Protocol);
