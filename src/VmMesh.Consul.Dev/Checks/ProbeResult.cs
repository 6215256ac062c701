namespace VmMesh.Consul.Dev.Checks;

/// <summary>One probe's verdict, with Consul's output text.</summary>
internal sealed record ProbeResult(string Status, string Output);
