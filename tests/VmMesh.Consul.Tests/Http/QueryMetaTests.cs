using System.Net;
using VmMesh.Consul.Tests.Support;

namespace VmMesh.Consul.Tests.Http;

public sealed class QueryMetaTests
{
    [Fact]
    public async Task Headers_GoCanonicalNames_ParsedCaseInsensitively()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() =>
        {
            var response = Replies.Json("[]");
            response.Headers.TryAddWithoutValidation("X-Consul-Index", "18446744073709551615");
            response.Headers.TryAddWithoutValidation("X-Consul-Knownleader", "true");
            response.Headers.TryAddWithoutValidation("X-Consul-Lastcontact", "250");
            response.Headers.TryAddWithoutValidation("x-consul-contenthash", "a1b2c3");
            response.Headers.TryAddWithoutValidation("X-Consul-Default-Acl-Policy", "deny");
            return response;
        });

        var result = await test.Client.Catalog.NodesAsync().WaitAsync(TestClient.Timeout);

        Assert.Equal(
            new QueryMeta
            {
                LastIndex = new ConsulIndex(ulong.MaxValue),
                KnownLeader = true,
                LastContact = TimeSpan.FromMilliseconds(250),
                ContentHash = "a1b2c3",
                DefaultAclPolicy = "deny",
            },
            result.Meta);
    }

    [Fact]
    public async Task Headers_Absent_Defaults()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("[]"));

        var result = await test.Client.Catalog.NodesAsync().WaitAsync(TestClient.Timeout);

        Assert.Equal(QueryMeta.Empty, result.Meta);
    }

    [Fact]
    public async Task Headers_Malformed_Ignored()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() =>
        {
            var response = Replies.Json("[]");
            response.Headers.TryAddWithoutValidation("X-Consul-Index", "-1");
            response.Headers.TryAddWithoutValidation("X-Consul-KnownLeader", "maybe");
            return response;
        });

        var result = await test.Client.Catalog.NodesAsync().WaitAsync(TestClient.Timeout);

        Assert.Equal(ConsulIndex.Zero, result.Meta.LastIndex);
        Assert.False(result.Meta.KnownLeader);
    }

    [Fact]
    public async Task KvMissingKey_404WithIndex_IndexUsable()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Text(HttpStatusCode.NotFound, string.Empty, 77));

        var result = await test.Client.KV.GetAsync("missing").WaitAsync(TestClient.Timeout);

        Assert.Null(result.Value);
        Assert.Equal(new ConsulIndex(77), result.Meta.LastIndex);
    }
}
