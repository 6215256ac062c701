using VmMesh.Consul.Agent;

namespace VmMesh.Sidecar.Registration;

/// <summary>The two services one sidecar registers: the app and its <c>&lt;name&gt;-sidecar-proxy</c>.</summary>
internal sealed record SidecarRegistrations(AgentServiceRegistration App, AgentServiceRegistration Proxy);
