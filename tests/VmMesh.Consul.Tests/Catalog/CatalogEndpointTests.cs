using VmMesh.Consul.Tests.Support;

namespace VmMesh.Consul.Tests.Catalog;

public sealed class CatalogEndpointTests
{
    [Fact]
    public async Task Services_TagsNullOrEmpty_EmptyLists()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("""{"consul": [], "web": ["v1", "http"], "odd": null}""", 5));

        var result = await test.Client.Catalog.ServicesAsync().WaitAsync(TestClient.Timeout);

        Assert.Equal(["v1", "http"], result.Value["web"]);
        Assert.Empty(result.Value["consul"]);
        Assert.Empty(result.Value["odd"]);
    }

    [Fact]
    public async Task Service_FlattenedRows_ParsedAndTagSent()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("""
            [{"ID":"n1","Node":"node-a","Address":"10.0.0.5","ServiceKind":"","ServiceID":"web-1","ServiceName":"web",
              "ServiceTags":null,"ServiceAddress":"","ServiceMeta":{"v":"1"},"ServicePort":8080,"ServiceProxy":{"Mode":""},"CreateIndex":3,"ModifyIndex":4}]
            """, 4));

        var result = await test.Client.Catalog.ServiceAsync("web", tag: "v1").WaitAsync(TestClient.Timeout);

        var row = Assert.Single(result.Value);
        Assert.Equal("web-1", row.ServiceId);
        Assert.Equal(8080, row.ServicePort);
        Assert.Equal("1", row.ServiceMeta["v"]);
        Assert.Empty(row.ServiceTags);
        Assert.Equal("/v1/catalog/service/web?tag=v1", test.Handler.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task Datacenters_List()
    {
        using var test = new TestClient();
        test.Handler.Enqueue(() => Replies.Json("""["dc1","dc2"]"""));

        Assert.Equal(["dc1", "dc2"], await test.Client.Catalog.DatacentersAsync().WaitAsync(TestClient.Timeout));
    }
}
