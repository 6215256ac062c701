using VmMesh.Testing;
using VmMesh.EndToEnd.Tests.Support;

namespace VmMesh.EndToEnd.Tests.Mesh;

/// <summary>Issue 4, case 1: app → sidecar → mTLS → sidecar → app across two hosts, the app sees the caller's verified identity.</summary>
[Collection(MeshCollection.Name)]
public sealed class RequestFlowTests(MeshFixture mesh)
{
    [Fact]
    public async Task ProxyRequest_FromHostAToApiOnHostB_AppSeesWebIdentity()
    {
        var response = await Eventually.UntilAsync(
            () => mesh.CallApiFromAAsync(),
            r => r.Stdout.EndsWith("\n200", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            "a 200 from api through web's outbound proxy");

        var body = response.Stdout.Split("\n\n")[^1];
        Assert.Equal(MeshFixture.WebIdentity + "\n200", body);
    }
}
