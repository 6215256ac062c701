using System.Text.Json;

namespace VmMesh.Consul.Dev.Agent;

/// <summary>Body of PUT /v1/agent/service/register (and of Connect.SidecarService).</summary>
internal sealed class ServiceDefinition
{
    public string? Kind { get; set; }

    public string? Id { get; set; }

    public string? Name { get; set; }

    public List<string>? Tags { get; set; }

    public string? Address { get; set; }

    public Dictionary<string, TaggedAddressDefinition>? TaggedAddresses { get; set; }

    public Dictionary<string, string>? Meta { get; set; }

    public int Port { get; set; }

    public string? SocketPath { get; set; }

    public WeightsDefinition? Weights { get; set; }

    public ServiceCheckDefinition? Check { get; set; }

    public List<ServiceCheckDefinition>? Checks { get; set; }

    public bool EnableTagOverride { get; set; }

    public ProxyDefinition? Proxy { get; set; }

    public ConnectDefinition? Connect { get; set; }

    public string? Token { get; set; }

    public JsonElement? Locality { get; set; }
}
