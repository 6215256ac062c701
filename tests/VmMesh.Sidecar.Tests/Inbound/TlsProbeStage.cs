namespace VmMesh.Sidecar.Tests.Inbound;

/// <summary>Where a <see cref="TlsProbe"/> stopped: in the handshake, or on the first read after it.</summary>
internal enum TlsProbeStage
{
    Handshake,
    Response,
}
