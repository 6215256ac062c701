namespace VmMesh.Consul.ContractTests.Support;

/// <summary>The agent's node name and datacenter, read from /v1/agent/self (§3.1).</summary>
public sealed record AgentIdentity(string NodeName, string Datacenter)
{
    public static async Task<AgentIdentity> ReadAsync(ConsulHttp http)
    {
        var reply = await http.GetAsync("v1/agent/self");
        Assert.True(reply.Status == System.Net.HttpStatusCode.OK, $"agent/self: {reply}");
        var config = JsonAssert.Property(reply.Json, "Config");
        return new AgentIdentity(JsonAssert.String(config, "NodeName"), JsonAssert.String(config, "Datacenter"));
    }
}
