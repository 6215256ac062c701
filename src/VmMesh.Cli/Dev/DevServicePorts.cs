namespace VmMesh.Cli.Dev;

/// <summary>The loopback ports of one demo service and its sidecar.</summary>
internal sealed record DevServicePorts(int App, int Inbound, int Outbound, int Admin);
