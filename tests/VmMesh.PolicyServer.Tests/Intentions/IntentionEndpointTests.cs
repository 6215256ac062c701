using System.Text;
using VmMesh.Identity.Signing;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;
using VmMesh.Policy.Shards;
using VmMesh.Policy.Validation;
using VmMesh.PolicyServer.Tests.Support;

namespace VmMesh.PolicyServer.Tests.Intentions;

public sealed class IntentionEndpointTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task PutGetDelete_Document_RoundTripsWithRisingVersions()
    {
        using var client = server.Client();
        var start = (await client.GetAsync("/v1/intentions", server.AdminToken)).Json.GetProperty("version").GetInt64();

        var put = await client.SendAsync(HttpMethod.Put, "/v1/intentions/orders", """{"destination":"orders","sources":[{"name":"web","action":"allow"},{"name":"*","action":"deny"}]}""", server.AdminToken);
        var get = await client.GetAsync("/v1/intentions/orders", server.AdminToken);
        var list = await client.GetAsync("/v1/intentions", server.AdminToken);
        var deleted = await client.SendAsync(HttpMethod.Delete, "/v1/intentions/orders", null, server.AdminToken);
        var gone = await client.GetAsync("/v1/intentions/orders", server.AdminToken);

        Assert.Equal(200, put.Status);
        Assert.True(put.Json.GetProperty("version").GetInt64() > start);
        Assert.Equal(200, get.Status);
        Assert.Equal("""{"destination":"orders","sources":[{"action":"deny","name":"*"},{"action":"allow","name":"web"}]}""", get.Json.GetProperty("document").GetRawText());
        Assert.Equal("deny", list.Json.GetProperty("defaultAction").GetString());
        Assert.Contains(list.Json.GetProperty("documents").EnumerateArray(), d => d.GetProperty("destination").GetString() == "orders");
        Assert.Equal(put.Json.GetProperty("version").GetInt64() + 1, deleted.Json.GetProperty("version").GetInt64());
        Assert.Equal((404, "no intentions for destination \"orders\"; create them with PUT /v1/intentions/orders"), (gone.Status, gone.Error));
    }

    [Fact]
    public async Task Put_StaleCas_Returns409AndWritesNothing()
    {
        using var client = server.Client();
        var version = (await client.SendAsync(HttpMethod.Put, "/v1/intentions/billing?cas=0", """{"destination":"billing","sources":[{"name":"web","action":"allow"}]}""", server.AdminToken)).Json.GetProperty("version").GetInt64();
        await client.SendAsync(HttpMethod.Put, "/v1/intentions/other-billing", """{"destination":"other-billing","sources":[{"name":"web","action":"allow"}]}""", server.AdminToken);

        var read = await client.GetAsync("/v1/intentions/billing", server.AdminToken);
        var stale = await client.SendAsync(HttpMethod.Put, $"/v1/intentions/billing?cas={version - 1}", """{"destination":"billing","sources":[{"name":"web","action":"deny"}]}""", server.AdminToken);
        var create = await client.SendAsync(HttpMethod.Put, "/v1/intentions/billing?cas=0", """{"destination":"billing","sources":[{"name":"web","action":"deny"}]}""", server.AdminToken);
        var current = await client.SendAsync(HttpMethod.Put, $"/v1/intentions/billing?cas={version}", """{"destination":"billing","sources":[{"name":"api","action":"allow"}]}""", server.AdminToken);
        var missing = await client.SendAsync(HttpMethod.Delete, "/v1/intentions/never-written?cas=3", null, server.AdminToken);

        Assert.Equal(version, read.Json.GetProperty("version").GetInt64());
        Assert.Equal((409, $"intentions for \"billing\" were last written at version {version}, not {version - 1}; read them again and retry with ?cas={version}"), (stale.Status, stale.Error));
        Assert.Equal((409, $"intentions for \"billing\" were last written at version {version}, not 0; read them again and retry with ?cas={version}"), (create.Status, create.Error));
        Assert.Equal(200, current.Status);
        Assert.True(current.Json.GetProperty("version").GetInt64() > version + 1);
        Assert.Equal((409, "intentions for \"never-written\" do not exist, so ?cas=3 cannot match; create them with ?cas=0"), (missing.Status, missing.Error));
    }

    [Theory]
    [InlineData("""{"destination":"pay","sources":[{"name":"web","action":"allow"}],"extra":1}""")]
    [InlineData("""{"destination":"pay","sources":[{"name":"web","permissions":[{"action":"allow","http":{"pathRegex":"(unclosed"}}]}]}""")]
    [InlineData("""{"destination":"pay","sources":[{"name":"web","action":"allow"},{"name":"web","action":"deny"}]}""")]
    public async Task Put_InvalidDocument_Returns400WithTheParsersMessagesAndWritesNothing(string body)
    {
        using var client = server.Client();
        var before = (await client.GetAsync("/v1/intentions", server.AdminToken)).Json.GetProperty("version").GetInt64();
        var expected = string.Join("; ", IntentionDocumentParser.Parse(body).Errors);

        var response = await client.SendAsync(HttpMethod.Put, "/v1/intentions/pay", body, server.AdminToken);

        Assert.NotEmpty(expected);
        Assert.Equal((400, expected), (response.Status, response.Error));
        Assert.Equal(before, (await client.GetAsync("/v1/intentions", server.AdminToken)).Json.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Put_DestinationDiffersFromPath_Returns400()
    {
        using var client = server.Client();

        var response = await client.SendAsync(HttpMethod.Put, "/v1/intentions/pay", """{"destination":"api","sources":[{"name":"web","action":"allow"}]}""", server.AdminToken);

        Assert.Equal((400, "intentions document: destination \"api\" does not match \"pay\" in the path; make them equal"), (response.Status, response.Error));
    }

    [Fact]
    public async Task Delete_Unknown_Returns404()
    {
        using var client = server.Client();

        var response = await client.SendAsync(HttpMethod.Delete, "/v1/intentions/nothing-here", null, server.AdminToken);

        Assert.Equal((404, "no intentions for destination \"nothing-here\"; create them with PUT /v1/intentions/nothing-here"), (response.Status, response.Error));
    }

    [Fact]
    public async Task Check_L7Document_DecidesWithRuleAndExplanation()
    {
        using var client = server.Client();
        await client.SendAsync(HttpMethod.Put, "/v1/intentions/inventory", """{"destination":"inventory","sources":[{"name":"web","permissions":[{"action":"deny","http":{"pathPrefix":"/admin"}},{"action":"allow","http":{"methods":["GET"]}}]}]}""", server.AdminToken);

        var denied = await client.SendAsync(HttpMethod.Post, "/v1/intentions/check", """{"source":"web","destination":"inventory","method":"GET","path":"/admin/x"}""", server.AdminToken);
        var allowed = await client.SendAsync(HttpMethod.Post, "/v1/intentions/check", """{"source":"web","destination":"inventory","method":"GET","path":"/items","headers":{"x-a":"b"}}""", server.AdminToken);
        var defaulted = await client.SendAsync(HttpMethod.Post, "/v1/intentions/check", """{"source":"db","destination":"inventory"}""", server.AdminToken);

        Assert.False(denied.Json.GetProperty("allowed").GetBoolean());
        Assert.Equal("""{"destination":"inventory","source":"web","precedence":9,"permissionIndex":0}""", denied.Json.GetProperty("rule").GetRawText());
        Assert.StartsWith("DENIED  web -> inventory  GET /admin/x", denied.Json.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.True(allowed.Json.GetProperty("allowed").GetBoolean());
        Assert.Equal(1, allowed.Json.GetProperty("rule").GetProperty("permissionIndex").GetInt32());
        Assert.False(defaulted.Json.GetProperty("allowed").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, defaulted.Json.GetProperty("rule").ValueKind);
    }

    [Fact]
    public async Task Check_BadNames_Returns400ListingEveryProblem()
    {
        using var client = server.Client();

        var response = await client.SendAsync(HttpMethod.Post, "/v1/intentions/check", """{"source":"Web","method":"GET"}""", server.AdminToken);

        Assert.Equal(400, response.Status);
        Assert.Equal("check request: source \"Web\" is not a service name; use 1-63 lower-case letters, digits and '-'; check request: destination is missing; use 1-63 lower-case letters, digits and '-'", response.Error);
    }

    [Fact]
    public async Task Bundle_Shards_VerifyAgainstTheTrustBundleAsThePolicyServer()
    {
        using var client = server.Client();
        await client.SendAsync(HttpMethod.Put, "/v1/intentions/catalog", """{"destination":"catalog","sources":[{"name":"web","action":"allow"}]}""", server.AdminToken);
        var verifier = new JwsVerifier(new LeafValidator(server.Time));
        var signer = SpiffeId.PolicyServer(ServerFixture.TrustDomain);

        var all = await client.GetAsync("/v1/intentions/bundle");
        var one = await client.GetAsync("/v1/intentions/bundle?destination=catalog");
        var empty = await client.GetAsync("/v1/intentions/bundle?destination=unused");

        Assert.Equal(200, all.Status);
        var set = server.Host.Parts.Cache.Intentions;
        Assert.Equal(set.Version.Value, all.Json.GetProperty("version").GetInt64());
        foreach (var shard in all.Json.GetProperty("shards").EnumerateObject())
        {
            var result = verifier.Verify(shard.Value.GetString(), server.Bundle, signer);
            Assert.True(result.IsValid, result.Message);
            Assert.Equal(ShardCompiler.CompileFor(set, shard.Name), result.Payload.ToArray());
            Assert.True(shard.Value.GetString()!.Length < 128 * 1024);
        }

        Assert.Contains("*", all.Json.GetProperty("shards").EnumerateObject().Select(p => p.Name));
        Assert.Equal("catalog", one.Json.GetProperty("destination").GetString());
        var emptyShard = verifier.Verify(empty.Json.GetProperty("jws").GetString(), server.Bundle, signer);
        Assert.True(emptyShard.IsValid, emptyShard.Message);
        var parsed = ShardParser.Parse(emptyShard.Payload, "unused");
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        Assert.Empty(parsed.Value!.Documents);
    }

    [Fact]
    public async Task Publication_ShardsAndBundleInKv_VerifyAsThePolicyServer()
    {
        using var client = server.Client();
        var version = (await client.SendAsync(HttpMethod.Put, "/v1/intentions/ledger", """{"destination":"ledger","sources":[{"name":"web","action":"allow"}]}""", server.AdminToken)).Json.GetProperty("version").GetInt64();
        using var consul = new VmMesh.Consul.ConsulClient(new VmMesh.Consul.ConsulClientOptions { Address = server.Consul.Address });
        var verifier = new JwsVerifier(new LeafValidator(server.Time));
        var signer = SpiffeId.PolicyServer(ServerFixture.TrustDomain);

        var shard = await Eventually.GetAsync(async () =>
        {
            var raw = (await consul.KV.GetRawAsync("vmmesh/intentions/shards/ledger")).Value;
            if (raw is null)
            {
                return null;
            }

            var result = verifier.Verify(Encoding.ASCII.GetString(raw), server.Bundle, signer);
            return result.IsValid && ShardParser.Parse(result.Payload, "ledger").Value?.Version.Value >= version ? result : null;
        });
        var bundle = await Eventually.GetAsync(async () => (await consul.KV.GetRawAsync("vmmesh/ca/bundle")).Value);
        var wildcard = await Eventually.GetAsync(async () => (await consul.KV.GetRawAsync("vmmesh/intentions/shards/_wildcard")).Value);

        Assert.Single(ShardParser.Parse(shard.Payload, "ledger").Value!.Documents);
        var bundleResult = verifier.Verify(Encoding.ASCII.GetString(bundle), server.Bundle, signer);
        Assert.True(bundleResult.IsValid, bundleResult.Message);
        Assert.Contains(server.Bundle.ActiveRootId, Encoding.UTF8.GetString(bundleResult.Payload.Span), StringComparison.Ordinal);
        Assert.True(verifier.Verify(Encoding.ASCII.GetString(wildcard), server.Bundle, signer).IsValid);
    }
}
