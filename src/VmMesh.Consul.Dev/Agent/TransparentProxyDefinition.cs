namespace VmMesh.Consul.Dev.Agent;

/// <summary>Proxy.TransparentProxy.</summary>
internal sealed class TransparentProxyDefinition
{
    public int OutboundListenerPort { get; set; }

    public bool DialedDirectly { get; set; }
}
