namespace VmMesh.Sidecar.Inbound;

/// <summary>One row of <see cref="InboundErrors"/>.</summary>
internal sealed record InboundError(int Status, string Reason);
