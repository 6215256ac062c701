namespace VmMesh.Consul.Dev.State;

/// <summary>A service's tagged address (lan_ipv4, wan_ipv4, …).</summary>
internal sealed record TaggedAddress(string Address, int Port);
