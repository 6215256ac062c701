using System.Net;
using System.Text;
using System.Text.Json;
using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.ContractTests.Support;

namespace VmMesh.Consul.ContractTests.Kv;

/// <summary>
/// Contract §6.1–§6.4: KV reads in every mode (plain, raw, recurse, keys + separator), writes with flags and CAS,
/// deletes (CAS, recurse), flag conflicts, size limit, key validation and the no-op-write index rule.
/// Every test works under its own unique prefix.
/// </summary>
[Collection(ConsulCollection.Name)]
public sealed class KvTests(ConsulFixture fixture) : IAsyncLifetime
{
    private const int MaxValueSize = 524288;

    private readonly ConsulHttp _http = new(fixture);
    private readonly string _prefix = ConsulFixture.UniqueName("contract-kv");

    public Task InitializeAsync()
    {
        _http.TrackKeyPrefix(_prefix);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _http.DisposeAsync();

    [Fact]
    public async Task PutThenGet_WithFlags_ReturnsDirEntryShape()
    {
        var key = $"{_prefix}/greeting";

        var put = await _http.PutAsync($"v1/kv/{key}?flags=42", "hello");
        var get = await _http.GetAsync($"v1/kv/{key}");

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal("application/json", put.MediaType);
        Assert.True(put.Json.GetBoolean());
        Assert.Equal(HttpStatusCode.OK, get.Status);
        var entry = JsonAssert.Single(get.Json);
        Assert.Equal(key, JsonAssert.String(entry, "Key"));
        Assert.Equal(42UL, JsonAssert.UInt64(entry, "Flags"));
        Assert.Equal(0UL, JsonAssert.UInt64(entry, "LockIndex"));
        Assert.Equal(Convert.ToBase64String("hello"u8.ToArray()), JsonAssert.String(entry, "Value"));
        JsonAssert.Absent(entry, "Session");
        var createIndex = JsonAssert.UInt64(entry, "CreateIndex");
        Assert.Equal(createIndex, JsonAssert.UInt64(entry, "ModifyIndex"));
        Assert.Equal(createIndex, ContractAssert.BlockingHeaders(_http, get));
    }

    [Fact]
    public async Task Put_EmptyBody_ValueIsNull()
    {
        var key = $"{_prefix}/empty";

        Assert.True(await _http.PutKeyAsync(key, string.Empty));
        var entry = JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json);

        JsonAssert.Null(entry, "Value");
    }

    [Fact]
    public async Task Put_Overwrite_KeepsCreateIndexAndRaisesModifyIndex()
    {
        var key = $"{_prefix}/counter";
        await _http.PutKeyAsync(key, "1");
        var first = JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json);

        await _http.PutKeyAsync(key, "2");
        var second = JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json);

        Assert.Equal(JsonAssert.UInt64(first, "CreateIndex"), JsonAssert.UInt64(second, "CreateIndex"));
        Assert.True(JsonAssert.UInt64(second, "ModifyIndex") > JsonAssert.UInt64(first, "ModifyIndex"));
    }

    [Fact]
    public async Task Put_IdenticalValueAndFlags_DoesNotBumpModifyIndex()
    {
        var key = $"{_prefix}/same";
        await _http.PutKeyAsync(key, "v", "?flags=7");
        var before = await _http.GetAsync($"v1/kv/{key}");

        Assert.True(await _http.PutKeyAsync(key, "v", "?flags=7"));
        var after = await _http.GetAsync($"v1/kv/{key}");

        Assert.Equal(JsonAssert.UInt64(JsonAssert.Single(before.Json), "ModifyIndex"), JsonAssert.UInt64(JsonAssert.Single(after.Json), "ModifyIndex"));
        Assert.Equal(before.Index, after.Index);
    }

    [Fact]
    public async Task GetRaw_BinaryValue_ReturnsBytesAsPlainTextWithSafetyHeaders()
    {
        var key = $"{_prefix}/binary";
        byte[] value = [0x00, 0xFF, 0x10, (byte)'{', 0x80];
        _http.TrackKeyPrefix(key);
        Assert.Equal(HttpStatusCode.OK, (await _http.PutBytesAsync($"v1/kv/{key}", value)).Status);

        var raw = await _http.GetAsync($"v1/kv/{key}?raw");

        Assert.Equal(HttpStatusCode.OK, raw.Status);
        Assert.Equal(value, raw.BodyBytes);
        Assert.Equal("text/plain", raw.MediaType);
        Assert.Equal("nosniff", raw.Header("X-Content-Type-Options"));
        Assert.Equal("sandbox", raw.Header("Content-Security-Policy"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?raw")]
    public async Task Get_MissingKey_Returns404EmptyBodyWithIndex(string query)
    {
        var reply = await _http.GetAsync($"v1/kv/{_prefix}/missing{query}");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal(string.Empty, reply.Body);
        ContractAssert.BlockingHeaders(_http, reply);
    }

    [Fact]
    public async Task GetRecurse_PrefixNotPathAware_ReturnsMatchesSortedByKey()
    {
        foreach (var suffix in new[] { "foo/b", "foobar", "foo/a/x", "foo/a", "foo/B", "other" })
        {
            await _http.PutKeyAsync($"{_prefix}/{suffix}", suffix);
        }

        var reply = await _http.GetAsync($"v1/kv/{_prefix}/foo?recurse");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var keys = JsonAssert.Array(reply.Json).Select(e => JsonAssert.String(e, "Key")).ToArray();
        Assert.Equal(new[] { "foo/B", "foo/a", "foo/a/x", "foo/b", "foobar" }.Select(s => $"{_prefix}/{s}"), keys);
    }

    [Fact]
    public async Task GetRecurse_NoMatch_Returns404WithIndex()
    {
        var reply = await _http.GetAsync($"v1/kv/{_prefix}/nothing-here/?recurse");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        ContractAssert.BlockingHeaders(_http, reply);
    }

    [Fact]
    public async Task GetKeys_WithAndWithoutSeparator_ListsSortedKeysOrFolders()
    {
        foreach (var suffix in new[] { "cfg/foo/sub2", "cfg/foo/sub1", "cfg/bar", "cfg/zed/deep/er" })
        {
            await _http.PutKeyAsync($"{_prefix}/{suffix}", "x");
        }

        var all = await _http.GetAsync($"v1/kv/{_prefix}/cfg/?keys");
        var folders = await _http.GetAsync($"v1/kv/{_prefix}/cfg/?keys&separator=/");

        Assert.Equal(new[] { "cfg/bar", "cfg/foo/sub1", "cfg/foo/sub2", "cfg/zed/deep/er" }.Select(s => $"{_prefix}/{s}"), JsonAssert.Array(all.Json).Select(k => k.GetString()));
        Assert.Equal(new[] { "cfg/bar", "cfg/foo/", "cfg/zed/" }.Select(s => $"{_prefix}/{s}"), JsonAssert.Array(folders.Json).Select(k => k.GetString()));
        ContractAssert.BlockingHeaders(_http, folders);
    }

    [Fact]
    public async Task GetKeys_NonEmptyPrefixWithoutMatches_Returns404()
    {
        var reply = await _http.GetAsync($"v1/kv/{_prefix}/none/?keys");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        ContractAssert.BlockingHeaders(_http, reply);
    }

    [Fact]
    public async Task GetKeys_EmptyPrefixOnEmptyStore_Returns200EmptyArray()
    {
        if (_http.IsDevServer)
        {
            // Only a fresh server is guaranteed to be empty.
            await using var server = await PrivateDevServer.StartAsync();
            await using var own = new ConsulHttp(_http.Fixture, server.CreateHttpClient());

            var reply = await own.GetAsync("v1/kv/?keys");

            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Equal("[]", reply.Body);
        }
        else
        {
            // A shared real cluster is never known to be empty: the empty prefix must still answer 200 with an array.
            var reply = await _http.GetAsync("v1/kv/?keys");

            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Equal(JsonValueKind.Array, reply.Json.ValueKind);
        }
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task EmptyKey_WithoutRecurse_Returns400MissingKeyName(string method)
    {
        var reply = await _http.SendAsync(new HttpMethod(method), "v1/kv/", null);

        ContractAssert.Error(_http, reply, HttpStatusCode.BadRequest, "Missing key name");
    }

    [Fact]
    public async Task PutCasZero_KeyAbsentThenPresent_CreatesOnlyOnce()
    {
        var key = $"{_prefix}/create-only";

        Assert.True(await _http.PutKeyAsync(key, "first", "?cas=0"));
        Assert.False(await _http.PutKeyAsync(key, "second", "?cas=0"));

        var raw = await _http.GetAsync($"v1/kv/{key}?raw");
        Assert.Equal("first", raw.Body);
    }

    [Fact]
    public async Task PutCasIndex_MatchingThenStale_WritesOnlyOnMatch()
    {
        var key = $"{_prefix}/cas";
        await _http.PutKeyAsync(key, "v1");
        var index = JsonAssert.UInt64(JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json), "ModifyIndex");

        Assert.True(await _http.PutKeyAsync(key, "v2", $"?cas={index}"));
        Assert.False(await _http.PutKeyAsync(key, "v3", $"?cas={index}"));
        Assert.False(await _http.PutKeyAsync($"{_prefix}/cas-missing", "v", $"?cas={index}"));

        Assert.Equal("v2", (await _http.GetAsync($"v1/kv/{key}?raw")).Body);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"v1/kv/{_prefix}/cas-missing")).Status);
    }

    [Fact]
    public async Task PutCas_TwoConcurrentWritersSameIndex_ExactlyOneWins()
    {
        var key = $"{_prefix}/race";
        await _http.PutKeyAsync(key, "start");
        for (var round = 0; round < 10; round++)
        {
            var index = JsonAssert.UInt64(JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json), "ModifyIndex");

            var writers = await Task.WhenAll(
                _http.PutAsync($"v1/kv/{key}?cas={index}", $"a{round}"),
                _http.PutAsync($"v1/kv/{key}?cas={index}", $"b{round}"));

            var outcomes = writers.Select(w => w.Json.GetBoolean()).ToArray();
            Assert.True(outcomes.Count(won => won) == 1, $"round {round}: outcomes {string.Join(",", outcomes)}");
            var winner = outcomes[0] ? $"a{round}" : $"b{round}";
            Assert.Equal(winner, (await _http.GetAsync($"v1/kv/{key}?raw")).Body);
        }
    }

    [Fact]
    public async Task DeleteCas_WrongRightMissingAndZero_DeletesOnlyOnMatch()
    {
        var key = $"{_prefix}/delete-cas";
        await _http.PutKeyAsync(key, "v");
        var index = JsonAssert.UInt64(JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json), "ModifyIndex");

        Assert.False((await _http.DeleteAsync($"v1/kv/{key}?cas={index + 1000}")).Json.GetBoolean());
        Assert.False((await _http.DeleteAsync($"v1/kv/{key}?cas=0")).Json.GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"v1/kv/{key}")).Status);
        Assert.True((await _http.DeleteAsync($"v1/kv/{key}?cas={index}")).Json.GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"v1/kv/{key}")).Status);
        Assert.True((await _http.DeleteAsync($"v1/kv/{key}?cas={index}")).Json.GetBoolean());
    }

    [Fact]
    public async Task Delete_MissingKey_ReturnsTrue()
    {
        var reply = await _http.DeleteAsync($"v1/kv/{_prefix}/never-written");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(reply.Json.GetBoolean());
    }

    [Fact]
    public async Task DeleteRecurse_Prefix_DeletesOnlyMatchingKeys()
    {
        await _http.PutKeyAsync($"{_prefix}/tree/a", "1");
        await _http.PutKeyAsync($"{_prefix}/tree/b/c", "2");
        await _http.PutKeyAsync($"{_prefix}/keep", "3");

        var reply = await _http.DeleteAsync($"v1/kv/{_prefix}/tree?recurse");

        Assert.True(reply.Json.GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"v1/kv/{_prefix}/tree?recurse")).Status);
        Assert.Equal("3", (await _http.GetAsync($"v1/kv/{_prefix}/keep?raw")).Body);
    }

    [Theory]
    [InlineData("PUT", "cas=1&acquire=s1", "acquire=s1&cas=1")]
    [InlineData("PUT", "acquire=s1&release=s1", "acquire=s1&release=s1")]
    [InlineData("PUT", "release=s1&cas=3", "cas=3&release=s1")]
    [InlineData("DELETE", "recurse&cas=1", "cas=1&recurse=")]
    public async Task ConflictingFlags_Returns400WithEncodedQuery(string method, string query, string encoded)
    {
        var reply = await _http.SendAsync(new HttpMethod(method), $"v1/kv/{_prefix}/flags?{query}", method == "PUT" ? new StringContent("x") : null);

        ContractAssert.Error(_http, reply, HttpStatusCode.BadRequest, $"Conflicting flags: {encoded}\n");
    }

    [Theory]
    [InlineData("flags=abc")]
    [InlineData("cas=not-a-number")]
    public async Task Put_NonNumericFlagsOrCas_Returns500(string query)
    {
        var reply = await _http.PutAsync($"v1/kv/{_prefix}/bad-number?{query}", "x");

        Assert.Equal(HttpStatusCode.InternalServerError, reply.Status);
        Assert.NotEqual(string.Empty, reply.Body);
    }

    [Fact]
    public async Task Put_ValueOverMaxSize_Returns413AndExactMaxSucceeds()
    {
        var key = $"{_prefix}/big";

        var tooLarge = await _http.PutBytesAsync($"v1/kv/{key}", new byte[MaxValueSize + 1]);
        var atLimit = await _http.PutBytesAsync($"v1/kv/{key}", new byte[MaxValueSize]);

        ContractAssert.ErrorStartingWith(_http, tooLarge, HttpStatusCode.RequestEntityTooLarge, $"Request body({MaxValueSize + 1} bytes) too large, max size: {MaxValueSize} bytes. See ");
        Assert.Equal(HttpStatusCode.OK, atLimit.Status);
        Assert.True(atLimit.Json.GetBoolean());
    }

    [Theory]
    [InlineData("{0}/a/../b")]
    [InlineData("{0}/a/%2E%2E/b")]
    [InlineData("{0}/..")]
    [InlineData("{0}/trailing%20")]
    [InlineData("%20{0}/leading")]
    public async Task Put_KeyWithDotDotSegmentOrEdgeSpace_Returns400(string keyPattern)
    {
        var key = string.Format(System.Globalization.CultureInfo.InvariantCulture, keyPattern, _prefix);

        var reply = await _http.SendVerbatimAsync(HttpMethod.Put, $"v1/kv/{key}", new StringContent("x"));

        Assert.True(reply.Status == HttpStatusCode.BadRequest, $"key '{key}': {reply}");
        Assert.NotEqual(string.Empty, reply.Body);
    }

    [Fact]
    public async Task Put_PortableKeyCharset_IsAccepted()
    {
        var key = $"{_prefix}/A.b_c,d-e/0.9";

        Assert.True(await _http.PutKeyAsync(key, "ok"));

        Assert.Equal(key, JsonAssert.String(JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json), "Key"));
    }

    [Fact]
    public async Task Put_RequestBodyIsRawBytes_NotJsonDecoded()
    {
        var key = $"{_prefix}/json-text";
        const string document = "{\"a\": [1, 2]}";

        await _http.PutKeyAsync(key, document);
        var entry = JsonAssert.Single((await _http.GetAsync($"v1/kv/{key}")).Json);

        Assert.Equal(document, Encoding.UTF8.GetString(Convert.FromBase64String(JsonAssert.String(entry, "Value"))));
    }

    [Theory]
    [InlineData("separator")]
    [InlineData("seperator")]
    public async Task GetKeys_SeparatorAndHistoricalMisspelling_BothTruncate(string parameter)
    {
        await _http.PutKeyAsync($"{_prefix}/s/one/x", "1");
        await _http.PutKeyAsync($"{_prefix}/s/two", "2");

        var reply = await _http.GetAsync($"v1/kv/{_prefix}/s/?keys&{parameter}=/");

        Assert.Equal(new[] { $"{_prefix}/s/one/", $"{_prefix}/s/two" }, JsonAssert.Array(reply.Json).Select(k => k.GetString()));
    }

    [Fact]
    public async Task GetRecurse_EmptyKey_ReturnsEverythingIncludingOwnKeys()
    {
        await _http.PutKeyAsync($"{_prefix}/everything", "1");

        var reply = await _http.GetAsync("v1/kv/?recurse");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var keys = JsonAssert.Array(reply.Json).Select(e => JsonAssert.String(e, "Key")).ToArray();
        Assert.Contains($"{_prefix}/everything", keys);
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }
}
