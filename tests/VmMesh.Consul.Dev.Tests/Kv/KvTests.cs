using System.Net;
using System.Text.Json;
using VmMesh.Consul.Dev.Tests.TestSupport;

namespace VmMesh.Consul.Dev.Tests.Kv;

public sealed class KvTests : IAsyncLifetime
{
    private DevServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await DevServerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<string> CreateSessionAsync(string body = "{\"LockDelay\":\"10s\"}")
    {
        var (status, text) = await _h.TextAsync(HttpMethod.Put, "v1/session/create", body);
        Assert.Equal(HttpStatusCode.OK, status);
        return JsonDocument.Parse(text).RootElement.GetProperty("ID").GetString()!;
    }

    [Fact]
    public async Task Get_Missing_Returns404EmptyWithIndex()
    {
        using var response = await _h.GetAsync("v1/kv/missing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.True(response.Headers.Contains("X-Consul-Index"));
    }

    [Fact]
    public async Task PutGet_DirEntryShape()
    {
        Assert.Equal("true", (await _h.TextAsync(HttpMethod.Put, "v1/kv/a/b?flags=42", "hello")).Body);
        var entry = (await _h.JsonAsync("v1/kv/a/b"))[0];
        Assert.Equal("a/b", entry.GetProperty("Key").GetString());
        Assert.Equal(42UL, entry.GetProperty("Flags").GetUInt64());
        Assert.Equal("aGVsbG8=", entry.GetProperty("Value").GetString());
        Assert.Equal(0, entry.GetProperty("LockIndex").GetInt32());
        Assert.False(entry.TryGetProperty("Session", out _));
        Assert.Equal(entry.GetProperty("CreateIndex").GetUInt64(), entry.GetProperty("ModifyIndex").GetUInt64());
    }

    [Fact]
    public async Task Put_EmptyValue_ShowsNull()
    {
        await _h.PutAsync("v1/kv/empty", string.Empty);
        Assert.Equal(JsonValueKind.Null, (await _h.JsonAsync("v1/kv/empty"))[0].GetProperty("Value").ValueKind);
    }

    [Fact]
    public async Task Raw_ReturnsBytesWithSafetyHeaders()
    {
        await _h.PutAsync("v1/kv/raw", "{\"x\":1}");
        using var response = await _h.GetAsync("v1/kv/raw?raw");
        Assert.Equal("{\"x\":1}", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("sandbox", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Recurse_And_KeysWithSeparator_SortedAndTruncated()
    {
        foreach (var key in new[] { "foo/sub2/x", "foo/sub1", "foo/a", "foobar" })
        {
            await _h.PutAsync("v1/kv/" + key, "v");
        }

        var all = await _h.JsonAsync("v1/kv/foo?recurse");
        Assert.Equal(["foo/a", "foo/sub1", "foo/sub2/x", "foobar"], all.EnumerateArray().Select(e => e.GetProperty("Key").GetString()!).ToArray());
        var keys = await _h.JsonAsync("v1/kv/foo/?keys&separator=/");
        Assert.Equal(["foo/a", "foo/sub1", "foo/sub2/"], keys.EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _h.TextAsync(HttpMethod.Get, "v1/kv/nothing/?keys")).Status);
    }

    [Fact]
    public async Task Cas_ZeroCreatesOnly_IndexMustMatch()
    {
        Assert.Equal("true", (await _h.TextAsync(HttpMethod.Put, "v1/kv/c?cas=0", "1")).Body);
        Assert.Equal("false", (await _h.TextAsync(HttpMethod.Put, "v1/kv/c?cas=0", "2")).Body);
        var index = (await _h.JsonAsync("v1/kv/c"))[0].GetProperty("ModifyIndex").GetUInt64();
        Assert.Equal("false", (await _h.TextAsync(HttpMethod.Put, $"v1/kv/c?cas={index + 100}", "3")).Body);
        Assert.Equal("true", (await _h.TextAsync(HttpMethod.Put, $"v1/kv/c?cas={index}", "3")).Body);
        Assert.Equal("false", (await _h.TextAsync(HttpMethod.Put, "v1/kv/absent?cas=5", "3")).Body);
    }

    [Fact]
    public async Task ConflictingFlags_Returns400WithEncodedQuery()
    {
        var (status, body) = await _h.TextAsync(HttpMethod.Put, "v1/kv/x?cas=0&release=abc", "v");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Conflicting flags: cas=0&release=abc\n", body);
    }

    [Fact]
    public async Task NonNumericFlags_Returns500()
    {
        var (status, body) = await _h.TextAsync(HttpMethod.Put, "v1/kv/x?flags=abc", "v");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("strconv.ParseUint: parsing \"abc\": invalid syntax", body);
    }

    [Fact]
    public async Task TooLargeValue_Returns413()
    {
        var (status, body) = await _h.TextAsync(HttpMethod.Put, "v1/kv/big", new string('x', 524289));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.StartsWith("Request body(524289 bytes) too large, max size: 524288 bytes. See ", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1/kv/%20lead")]
    [InlineData("v1/kv/trail%20")]
    public async Task BadKeys_Return400(string path)
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _h.TextAsync(HttpMethod.Put, path, "v")).Status);
    }

    [Theory]
    [InlineData("a/../b", "Invalid key name: \"a/../b\" must not contain a '..' path segment")]
    [InlineData("..", "Invalid key name: \"..\" must not contain a '..' path segment")]
    [InlineData(" a", "Invalid key name: \" a\" must not begin or end with whitespace")]
    public void KeyRules_Rejects(string key, string message)
    {
        var error = Assert.Throws<VmMesh.Consul.Dev.Http.ConsulHttpError>(() => VmMesh.Consul.Dev.Kv.KeyRules.Validate(key));
        Assert.Equal(400, error.Status);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("a..b/c")]
    [InlineData("ç/%/x y")]
    public void KeyRules_AllowsOtherKeys(string key) => VmMesh.Consul.Dev.Kv.KeyRules.Validate(key);

    [Fact]
    public async Task Acquire_Release_LockIndexAndSession()
    {
        var s1 = await CreateSessionAsync();
        var s2 = await CreateSessionAsync();
        Assert.Equal("true", (await _h.TextAsync(HttpMethod.Put, $"v1/kv/lock?acquire={s1}", "me")).Body);
        Assert.Equal("true", (await _h.TextAsync(HttpMethod.Put, $"v1/kv/lock?acquire={s1}", "me2")).Body);
        Assert.Equal("false", (await _h.TextAsync(HttpMethod.Put, $"v1/kv/lock?acquire={s2}", "you")).Body);
        var held = (await _h.JsonAsync("v1/kv/lock"))[0];
        Assert.Equal(1, held.GetProperty("LockIndex").GetInt32());
        Assert.Equal(s1, held.GetProperty("Session").GetString());

        Assert.Equal("false", (await _h.TextAsync(HttpMethod.Put, $"v1/kv/lock?release={s2}", "x")).Body);
        Assert.Equal("true", (await _h.TextAsync(HttpMethod.Put, $"v1/kv/lock?release={s1}", "x")).Body);
        var released = (await _h.JsonAsync("v1/kv/lock"))[0];
        Assert.False(released.TryGetProperty("Session", out _));
        Assert.Equal(1, released.GetProperty("LockIndex").GetInt32());

        // Explicit release starts no lock-delay.
        Assert.Equal("true", (await _h.TextAsync(HttpMethod.Put, $"v1/kv/lock?acquire={s2}", "you")).Body);
        Assert.Equal(2, (await _h.JsonAsync("v1/kv/lock"))[0].GetProperty("LockIndex").GetInt32());
    }

    [Fact]
    public async Task Acquire_UnknownSession_Returns500()
    {
        var (status, body) = await _h.TextAsync(HttpMethod.Put, "v1/kv/lock?acquire=nope", "x");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("invalid session \"nope\"", body);
    }

    [Fact]
    public async Task Destroy_ReleasesAndStartsLockDelay()
    {
        var s1 = await CreateSessionAsync();
        var s2 = await CreateSessionAsync();
        await _h.PutAsync($"v1/kv/lock?acquire={s1}", "me");

        await _h.PutAsync($"v1/session/destroy/{s1}");

        var entry = (await _h.JsonAsync("v1/kv/lock"))[0];
        Assert.False(entry.TryGetProperty("Session", out _));
        Assert.Equal("bWU=", entry.GetProperty("Value").GetString());
        Assert.Equal("false", (await _h.TextAsync(HttpMethod.Put, $"v1/kv/lock?acquire={s2}", "you")).Body);
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("true", (await _h.TextAsync(HttpMethod.Put, $"v1/kv/lock?acquire={s2}", "you")).Body);
    }

    [Fact]
    public async Task BehaviorDelete_DeletesHeldKeys()
    {
        var s1 = await CreateSessionAsync("{\"Behavior\":\"delete\"}");
        await _h.PutAsync($"v1/kv/eph?acquire={s1}", "me");

        await _h.PutAsync($"v1/session/destroy/{s1}");

        Assert.Equal(HttpStatusCode.NotFound, (await _h.TextAsync(HttpMethod.Get, "v1/kv/eph")).Status);
    }

    [Fact]
    public async Task Delete_CasAndRecurse()
    {
        await _h.PutAsync("v1/kv/d/1", "a");
        await _h.PutAsync("v1/kv/d/2", "b");
        var index = (await _h.JsonAsync("v1/kv/d/1"))[0].GetProperty("ModifyIndex").GetUInt64();
        Assert.Equal("false", (await _h.TextAsync(HttpMethod.Delete, "v1/kv/d/1?cas=0")).Body);
        Assert.Equal("true", (await _h.TextAsync(HttpMethod.Delete, $"v1/kv/d/1?cas={index}")).Body);
        Assert.Equal("true", (await _h.TextAsync(HttpMethod.Delete, "v1/kv/d/missing?cas=7")).Body);
        Assert.Equal("true", (await _h.TextAsync(HttpMethod.Delete, "v1/kv/d?recurse")).Body);
        Assert.Equal(HttpStatusCode.NotFound, (await _h.TextAsync(HttpMethod.Get, "v1/kv/d?recurse")).Status);
        Assert.Equal("Missing key name", (await _h.TextAsync(HttpMethod.Delete, "v1/kv/")).Body);
    }
}
