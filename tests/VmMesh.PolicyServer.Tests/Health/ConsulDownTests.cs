using VmMesh.PolicyServer.Tests.Support;

namespace VmMesh.PolicyServer.Tests.Health;

/// <summary>With Consul gone, calls that need it answer 503 and health says so; signing state is never guessed.</summary>
public sealed class ConsulDownTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task ConsulStopped_CallsNeedingItReturn503_HealthUnready_RootsStillServed()
    {
        using var client = server.Client();
        await server.Consul.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var tokens = await client.GetAsync("/v1/tokens", server.AdminToken);
        var health = await client.GetAsync("/v1/health");
        var roots = await client.GetAsync("/v1/ca/roots");

        Assert.Equal((503, "Consul is unreachable or failing, so this call cannot complete; check the Consul agent and retry"), (tokens.Status, tokens.Error));
        Assert.Equal("1", tokens.Headers.GetValues("Retry-After").Single());
        Assert.Equal(503, health.Status);
        Assert.Equal(("unavailable", false, "unreachable"), (health.Json.GetProperty("status").GetString(), health.Json.GetProperty("ready").GetBoolean(), health.Json.GetProperty("consul").GetString()));
        Assert.Equal(200, roots.Status);
    }
}
