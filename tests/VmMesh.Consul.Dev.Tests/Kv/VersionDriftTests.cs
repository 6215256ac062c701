using System.Net;
using VmMesh.Consul.Dev.Tests.TestSupport;

namespace VmMesh.Consul.Dev.Tests.Kv;

/// <summary>The version-drift toggles of contract §11.10 pin the older behaviours when asked.</summary>
public sealed class VersionDriftTests
{
    [Fact]
    public async Task IdempotentWritesBumpIndex_IdenticalPut_TakesNewIndex()
    {
        await using var h = await DevServerHarness.StartAsync(o => o with { IdempotentWritesBumpIndex = true });
        await h.PutAsync("v1/kv/k", "v");
        var before = h.Runtime.Store.CurrentIndex;

        await h.PutAsync("v1/kv/k", "v");

        Assert.Equal(before + 1, h.Runtime.Store.CurrentIndex);
    }

    [Fact]
    public async Task IdenticalPut_ByDefault_KeepsIndex()
    {
        await using var h = await DevServerHarness.StartAsync();
        await h.PutAsync("v1/kv/k", "v");
        var before = h.Runtime.Store.CurrentIndex;

        await h.PutAsync("v1/kv/k", "v");

        Assert.Equal(before, h.Runtime.Store.CurrentIndex);
    }

    [Fact]
    public async Task DeregisterUnknown_NoOpMode_Returns200()
    {
        await using var h = await DevServerHarness.StartAsync(o => o with { DeregisterUnknownServiceIs404 = false });
        Assert.Equal(HttpStatusCode.OK, (await h.TextAsync(HttpMethod.Put, "v1/agent/service/deregister/ghost")).Status);
    }

    [Fact]
    public async Task KeyValidationOff_AcceptsEdgeSpaces()
    {
        await using var h = await DevServerHarness.StartAsync(o => o with { ValidateKvKeys = false });
        Assert.Equal("true", (await h.TextAsync(HttpMethod.Put, "v1/kv/trail%20", "v")).Body);
    }
}
