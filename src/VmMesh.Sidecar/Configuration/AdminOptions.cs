namespace VmMesh.Sidecar.Configuration;

/// <summary>The loopback admin listener (<c>/live</c>, <c>/ready</c>, <c>/config</c>, <c>/certs</c>).</summary>
internal sealed record AdminOptions(int Port);
