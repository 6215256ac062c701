using VmMesh.PolicyServer.Tests.Support;

namespace VmMesh.PolicyServer.Tests.Audit;

public sealed class AuditEndpointTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Audit_AfterChanges_ListsWhoWhatBeforeAfterOldestFirst()
    {
        using var client = server.Client();
        await client.SendAsync(HttpMethod.Put, "/v1/intentions/search", """{"destination":"search","sources":[{"name":"web","action":"allow"}]}""", server.AdminToken);
        await client.SendAsync(HttpMethod.Put, "/v1/intentions/search", """{"destination":"search","sources":[{"name":"web","action":"deny"}]}""", server.AdminToken);
        var token = await server.CreateTokenAsync("\"web\"");

        var response = await client.GetAsync("/v1/audit", server.AdminToken);

        Assert.Equal(200, response.Status);
        var entries = response.Json.EnumerateArray().ToList();
        Assert.Equal("ca.init", entries[0].GetProperty("action").GetString());
        Assert.Equal(entries.Select(e => e.GetProperty("id").GetString()).Order(StringComparer.Ordinal), entries.Select(e => e.GetProperty("id").GetString()));
        var puts = entries.Where(e => e.GetProperty("action").GetString() == "intention.put" && e.GetProperty("target").GetString() == "search").ToList();
        Assert.Equal(2, puts.Count);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, puts[0].GetProperty("before").ValueKind);
        Assert.Equal(puts[0].GetProperty("after").GetRawText(), puts[1].GetProperty("before").GetRawText());
        Assert.Contains("\"deny\"", puts[1].GetProperty("after").GetRawText(), StringComparison.Ordinal);
        Assert.Equal("admin", puts[1].GetProperty("actor").GetString());
        var created = Assert.Single(entries, e => e.GetProperty("action").GetString() == "token.create" && e.GetProperty("target").GetString() == token.Split('.')[0]);
        Assert.DoesNotContain(token, response.Body, StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, created.GetProperty("after").ValueKind);
    }

    [Fact]
    public async Task Audit_SinceAndLimit_Filter()
    {
        using var client = server.Client();
        var all = (await client.GetAsync("/v1/audit", server.AdminToken)).Json.EnumerateArray().ToList();
        var last = all[^1].GetProperty("time").GetString();

        var since = await client.GetAsync($"/v1/audit?since={Uri.EscapeDataString(last!)}", server.AdminToken);
        var limited = await client.GetAsync("/v1/audit?limit=1", server.AdminToken);

        Assert.All(since.Json.EnumerateArray(), e => Assert.True(e.GetProperty("time").GetDateTimeOffset() >= DateTimeOffset.Parse(last!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(all[0].GetProperty("id").GetString(), Assert.Single(limited.Json.EnumerateArray()).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("since=yesterday", "since \"yesterday\" is not an RFC 3339 time; use e.g. 2026-01-02T15:04:05Z")]
    [InlineData("limit=0", "limit \"0\" is not a number from 1 to 10000; pass e.g. limit=100")]
    public async Task Audit_BadQuery_Returns400(string query, string message)
    {
        using var client = server.Client();

        var response = await client.GetAsync($"/v1/audit?{query}", server.AdminToken);

        Assert.Equal((400, message), (response.Status, response.Error));
    }
}
