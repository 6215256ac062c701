namespace VmMesh.Consul.Dev.State;

/// <summary>A service with the checks registered together with it.</summary>
internal sealed record ServiceRegistration(ServiceRecord Service, IReadOnlyList<CheckRecord> Checks);
