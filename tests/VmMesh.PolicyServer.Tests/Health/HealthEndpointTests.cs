using VmMesh.PolicyServer.Tests.Support;

namespace VmMesh.PolicyServer.Tests.Health;

public sealed class HealthEndpointTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Health_SingleReplica_IsReadyAndEventuallyLeader()
    {
        using var client = server.Client();

        var response = await Eventually.GetAsync(async () =>
        {
            var r = await client.GetAsync("/v1/health");
            return r.Status == 200 && r.Json.GetProperty("leader").GetBoolean() ? r : null;
        });

        Assert.Equal("ok", response.Json.GetProperty("status").GetString());
        Assert.True(response.Json.GetProperty("ready").GetBoolean());
        Assert.Equal("ok", response.Json.GetProperty("consul").GetString());
        Assert.Equal(server.Host.Parts.Replica.Id, response.Json.GetProperty("replicaId").GetString());
    }

    [Fact]
    public async Task UnknownCall_Returns404Json()
    {
        using var client = server.Client();

        var response = await client.GetAsync("/v1/nothing");

        Assert.Equal((404, "no such call: GET /v1/nothing; see docs/policy-server-api.md"), (response.Status, response.Error));
    }
}
