using System.Net;

namespace VmMesh.Sidecar.Configuration;

/// <summary>The mTLS listener other sidecars call. Port 0 picks a free port (tests); the bound port is what gets registered.</summary>
internal sealed record InboundOptions(int Port, IPAddress BindAddress, string? AdvertiseAddress);
