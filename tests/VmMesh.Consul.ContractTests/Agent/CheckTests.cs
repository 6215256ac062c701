using VmMesh.Testing;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.ContractTests.Support;

namespace VmMesh.Consul.ContractTests.Agent;

/// <summary>
/// Contract §3.3 (check definitions, generated IDs and names, initial status, replace-existing-checks) and §3.5
/// (TTL updates and expiry, error texts, check register/deregister), plus real HTTP and TCP probing and the
/// DeregisterCriticalServiceAfter reaper.
/// </summary>
[Collection(ConsulCollection.Name)]
public sealed class CheckTests(ConsulFixture fixture) : IAsyncLifetime
{
    private readonly ConsulHttp _http = new(fixture);
    private readonly string _name = ConsulFixture.UniqueName("contract-chk");

    private string Id => _name + "-1";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _http.DisposeAsync();

    [Fact]
    public async Task Register_SingleCheck_GetsGeneratedIdNameAndStartsCritical()
    {
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Tags": ["t1"], "Check": { "TTL": "30s" } }""");

        var check = await AgentCheckAsync($"service:{Id}");

        Assert.Equal($"service:{Id}", JsonAssert.String(check, "CheckID"));
        Assert.Equal($"Service '{_name}' check", JsonAssert.String(check, "Name"));
        Assert.Equal("critical", JsonAssert.String(check, "Status"));
        Assert.Equal(Id, JsonAssert.String(check, "ServiceID"));
        Assert.Equal(_name, JsonAssert.String(check, "ServiceName"));
        Assert.Equal(new[] { "t1" }, JsonAssert.Strings(check, "ServiceTags"));
        Assert.Equal("ttl", JsonAssert.String(check, "Type"));
    }

    [Fact]
    public async Task Register_CheckAndChecks_GetNumberedIdsWithCheckFirst()
    {
        await _http.RegisterServiceAsync(Id, $$"""
            { "ID": "{{Id}}", "Name": "{{_name}}", "Check": { "TTL": "30s", "Notes": "first" },
              "Checks": [ { "TTL": "30s", "Notes": "second" }, { "TTL": "30s", "Notes": "third" } ] }
            """);

        var checks = (await _http.GetAsync("v1/agent/checks")).Json;

        Assert.Equal("first", JsonAssert.String(JsonAssert.Property(checks, $"service:{Id}:1"), "Notes"));
        Assert.Equal("second", JsonAssert.String(JsonAssert.Property(checks, $"service:{Id}:2"), "Notes"));
        Assert.Equal("third", JsonAssert.String(JsonAssert.Property(checks, $"service:{Id}:3"), "Notes"));
        JsonAssert.Absent(checks, $"service:{Id}");
    }

    [Theory]
    [InlineData("passing")]
    [InlineData("warning")]
    public async Task Register_ExplicitInitialStatus_IsUsed(string status)
    {
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Check": { "CheckID": "{{Id}}:ttl", "TTL": "30s", "Status": "{{status}}" } }""");

        Assert.Equal(status, JsonAssert.String(await AgentCheckAsync($"{Id}:ttl"), "Status"));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("?replace-existing-checks", false)]
    [InlineData("?replace-existing-checks=true", false)]
    public async Task Reregister_WithoutAndWithReplaceExistingChecks_KeepsOrRemovesMissingChecks(string query, bool kept)
    {
        await _http.RegisterServiceAsync(Id, $$"""
            { "ID": "{{Id}}", "Name": "{{_name}}", "Checks": [ { "CheckID": "{{Id}}:a", "TTL": "30s" }, { "CheckID": "{{Id}}:b", "TTL": "30s" } ] }
            """);

        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Checks": [ { "CheckID": "{{Id}}:a", "TTL": "30s" } ] }""", query);

        var checks = (await _http.GetAsync("v1/agent/checks")).Json;
        JsonAssert.Property(checks, $"{Id}:a");
        Assert.Equal(kept, checks.TryGetProperty($"{Id}:b", out _));
    }

    [Fact]
    public async Task Reregister_SameCheckId_KeepsCurrentStatusAndOutput()
    {
        var body = $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Check": { "CheckID": "{{Id}}:ttl", "TTL": "60s" } }""";
        await _http.RegisterServiceAsync(Id, body);
        ContractAssert.EmptyOk(await _http.PutAsync($"v1/agent/check/pass/{Id}:ttl?note=still-good"));

        await _http.RegisterServiceAsync(Id, body, "?replace-existing-checks=true");

        var check = await AgentCheckAsync($"{Id}:ttl");
        Assert.Equal("passing", JsonAssert.String(check, "Status"));
        Assert.Equal("still-good", JsonAssert.String(check, "Output"));
    }

    [Fact]
    public async Task TtlUpdates_PassWarnFailUpdate_TransitionStatusAndOutput()
    {
        var checkId = $"{Id}:ttl";
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Check": { "CheckID": "{{checkId}}", "TTL": "60s" } }""");

        var steps = new (string Call, HttpContent? Body, string Status, string Output)[]
        {
            ($"pass/{checkId}?note=all%20good", null, "passing", "all good"),
            ($"warn/{checkId}?note=slow", null, "warning", "slow"),
            ($"fail/{checkId}?note=down", null, "critical", "down"),
            ($"update/{checkId}", new StringContent("""{ "Status": "passing", "Output": "recovered" }"""), "passing", "recovered"),
            ($"update/{checkId}", new StringContent("""{ "Status": "warning", "Output": "degraded" }"""), "warning", "degraded"),
        };
        foreach (var (call, body, status, output) in steps)
        {
            var reply = await _http.SendAsync(HttpMethod.Put, $"v1/agent/check/{call}", body);
            ContractAssert.EmptyOk(reply);
            var check = await AgentCheckAsync(checkId);
            Assert.Equal(status, JsonAssert.String(check, "Status"));
            Assert.Equal(output, JsonAssert.String(check, "Output"));
        }
    }

    [Fact]
    public async Task Update_InvalidStatus_Returns400()
    {
        var checkId = $"{Id}:ttl";
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Check": { "CheckID": "{{checkId}}", "TTL": "60s" } }""");

        var reply = await _http.PutAsync($"v1/agent/check/update/{checkId}", """{ "Status": "nope", "Output": "x" }""");

        ContractAssert.Error(_http, reply, HttpStatusCode.BadRequest, "Invalid check status: 'nope'");
    }

    [Theory]
    [InlineData("", "TTL expired")]
    [InlineData("alive", "TTL expired (last output before timeout follows): alive")]
    public async Task TtlExpiry_NoHeartbeat_TurnsCriticalWithExpiredOutput(string note, string expectedOutput)
    {
        var checkId = $"{Id}:ttl";
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Check": { "CheckID": "{{checkId}}", "TTL": "1s", "Status": "passing" } }""");
        if (note.Length > 0)
        {
            ContractAssert.EmptyOk(await _http.PutAsync($"v1/agent/check/pass/{checkId}?note={note}"));
        }

        var check = await Eventually.UntilAsync(
            () => AgentCheckAsync(checkId),
            c => JsonAssert.String(c, "Status") == "critical",
            TimeSpan.FromSeconds(20),
            "the TTL check expires");

        Assert.Equal(expectedOutput, JsonAssert.String(check, "Output"));
    }

    [Theory]
    [InlineData("pass")]
    [InlineData("warn")]
    [InlineData("fail")]
    [InlineData("update")]
    public async Task TtlUpdate_UnknownCheck_Returns404WithHint(string verb)
    {
        var checkId = $"{Id}:nope";

        var reply = await _http.PutAsync($"v1/agent/check/{verb}/{checkId}", verb == "update" ? """{ "Status": "passing" }""" : null);

        ContractAssert.Error(_http, reply, HttpStatusCode.NotFound, $"Unknown check ID \"{checkId}\". Ensure that the check ID is passed, not the check name.");
    }

    [Fact]
    public async Task TtlUpdate_NonTtlCheck_Returns500()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var checkId = $"{Id}:tcp";
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Check": { "CheckID": "{{checkId}}", "TCP": "127.0.0.1:{{port}}", "Interval": "10s" } }""");

        var reply = await _http.PutAsync($"v1/agent/check/pass/{checkId}");

        ContractAssert.Error(_http, reply, HttpStatusCode.InternalServerError, $"CheckID \"{checkId}\" does not have associated TTL");
    }

    [Theory]
    [InlineData("""{ "TTL": "10s", "Interval": "10s" }""", "Invalid check: Interval and TTL cannot both be specified")]
    [InlineData("""{ "HTTP": "http://127.0.0.1:1/health" }""", "Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks")]
    [InlineData("""{ "Name": "typeless" }""", "Invalid check: TTL must be > 0 for TTL checks")]
    [InlineData("""{ "TTL": "10s", "Status": "ok" }""", "Status for checks must 'passing', 'warning', 'critical'")]
    [InlineData("""{ "TTL": "nope" }""", "Request decode failed: time: invalid duration \"nope\"")]
    public async Task Register_InvalidCheck_Returns400(string check, string expected)
    {
        _http.TrackService(Id);

        var reply = await _http.PutAsync("v1/agent/service/register", $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Check": {{check}} }""");

        ContractAssert.Error(_http, reply, HttpStatusCode.BadRequest, expected);
    }

    [Fact]
    public async Task Register_EmptyCheckObject_IsIgnored()
    {
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Check": {} }""");

        var checks = (await _http.GetAsync("v1/agent/checks")).Json;

        Assert.DoesNotContain(checks.EnumerateObject(), c => c.Value.TryGetProperty("ServiceID", out var s) && s.GetString() == Id);
    }

    [Fact]
    public async Task CheckRegister_StandaloneAndBound_ThenDeregister()
    {
        var checkName = _name + "-standalone";
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}" }""");
        _http.TrackCheck(checkName);
        _http.TrackCheck(Id + ":bound");

        var standalone = await _http.PutAsync("v1/agent/check/register", $$"""{ "Name": "{{checkName}}", "TTL": "30s" }""");
        var bound = await _http.PutAsync("v1/agent/check/register", $$"""{ "ID": "{{Id}}:bound", "Name": "bound", "ServiceID": "{{Id}}", "TTL": "30s", "Status": "passing" }""");

        ContractAssert.EmptyOk(standalone);
        ContractAssert.EmptyOk(bound);
        var defaulted = await AgentCheckAsync(checkName);
        Assert.Equal(string.Empty, JsonAssert.String(defaulted, "ServiceID"));
        var attached = await AgentCheckAsync($"{Id}:bound");
        Assert.Equal(Id, JsonAssert.String(attached, "ServiceID"));
        Assert.Equal("passing", JsonAssert.String(attached, "Status"));
        ContractAssert.EmptyOk(await _http.PutAsync($"v1/agent/check/deregister/{checkName}"));
        JsonAssert.Absent((await _http.GetAsync("v1/agent/checks")).Json, checkName);
    }

    [Fact]
    public async Task CheckDeregister_UnknownId_Returns404WithHint()
    {
        var reply = await _http.PutAsync($"v1/agent/check/deregister/{Id}:nope");

        ContractAssert.Error(_http, reply, HttpStatusCode.NotFound, $"Unknown check ID \"{Id}:nope\". Ensure that the check ID is passed, not the check name.");
    }

    [Fact]
    public async Task HttpCheck_LocalListener_PassingThenWarningOn429ThenCriticalOn500()
    {
        var timings = ContractTimings.For(_http);
        await using var target = await LocalHealthEndpoint.StartAsync();
        var checkId = $"{Id}:http";
        await _http.RegisterServiceAsync(Id, $$"""
            { "ID": "{{Id}}", "Name": "{{_name}}", "Check": { "CheckID": "{{checkId}}", "HTTP": "{{target.HealthUrl}}", "Interval": "{{timings.CheckInterval}}", "Timeout": "5s" } }
            """);

        var passing = await WaitForStatusAsync(checkId, "passing", timings.CheckDeadline);
        target.Answer(HttpStatusCode.TooManyRequests, "busy");
        var warning = await WaitForStatusAsync(checkId, "warning", timings.CheckDeadline);
        target.Answer(HttpStatusCode.InternalServerError, "boom");
        var critical = await WaitForStatusAsync(checkId, "critical", timings.CheckDeadline);

        Assert.Equal("http", JsonAssert.String(passing, "Type"));
        Assert.Equal(timings.CheckInterval, JsonAssert.String(passing, "Interval"));
        Assert.Equal("5s", JsonAssert.String(passing, "Timeout"));
        Assert.Equal($"HTTP GET {target.HealthUrl}: 200 OK Output: ok", JsonAssert.String(passing, "Output"));
        Assert.Equal($"HTTP GET {target.HealthUrl}: 429 Too Many Requests Output: busy", JsonAssert.String(warning, "Output"));
        Assert.Equal($"HTTP GET {target.HealthUrl}: 500 Internal Server Error Output: boom", JsonAssert.String(critical, "Output"));
    }

    [Fact]
    public async Task TcpCheck_ListenerUpThenDown_PassingThenCritical()
    {
        var timings = ContractTimings.For(_http);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var checkId = $"{Id}:tcp";
        try
        {
            await _http.RegisterServiceAsync(Id, $$"""
                { "ID": "{{Id}}", "Name": "{{_name}}", "Check": { "CheckID": "{{checkId}}", "TCP": "127.0.0.1:{{port}}", "Interval": "{{timings.CheckInterval}}" } }
                """);

            var passing = await WaitForStatusAsync(checkId, "passing", timings.CheckDeadline);

            Assert.Equal("tcp", JsonAssert.String(passing, "Type"));
            Assert.Equal($"TCP connect 127.0.0.1:{port}: Success", JsonAssert.String(passing, "Output"));
        }
        finally
        {
            listener.Stop();
            listener.Dispose();
        }

        await WaitForStatusAsync(checkId, "critical", timings.CheckDeadline);
    }

    [Fact]
    public async Task DeregisterCriticalServiceAfter_CheckStaysCritical_ServiceIsReaped()
    {
        var timings = ContractTimings.For(_http);
        await _http.RegisterServiceAsync(Id, $$"""
            { "ID": "{{Id}}", "Name": "{{_name}}", "Check": { "TTL": "30s", "DeregisterCriticalServiceAfter": "{{timings.DeregisterCriticalAfter}}" } }
            """);

        await Eventually.UntilAsync(
            async () => (await _http.GetAsync("v1/agent/services")).Json,
            services => !services.TryGetProperty(Id, out _),
            timings.ReaperDeadline,
            "the reaper deregisters the critical service");

        JsonAssert.Absent((await _http.GetAsync("v1/agent/checks")).Json, $"service:{Id}");
    }

    [Fact]
    public async Task DeregisterCriticalServiceAfter_PassingService_IsKept()
    {
        var timings = ContractTimings.For(_http);
        await _http.RegisterServiceAsync(Id, $$"""
            { "ID": "{{Id}}", "Name": "{{_name}}", "Check": { "TTL": "60s", "Status": "passing", "DeregisterCriticalServiceAfter": "{{timings.DeregisterCriticalAfter}}" } }
            """);
        var critical = _name + "-critical";
        await _http.RegisterServiceAsync(critical, $$"""
            { "ID": "{{critical}}", "Name": "{{_name}}", "Check": { "TTL": "60s", "DeregisterCriticalServiceAfter": "{{timings.DeregisterCriticalAfter}}" } }
            """);

        // Once the reaper has removed the critical sibling it has also run over the passing one.
        await Eventually.UntilAsync(
            async () => (await _http.GetAsync("v1/agent/services")).Json,
            services => !services.TryGetProperty(critical, out _),
            timings.ReaperDeadline,
            "the reaper deregisters the critical sibling");

        JsonAssert.Property((await _http.GetAsync("v1/agent/services")).Json, Id);
    }

    private async Task<JsonElement> AgentCheckAsync(string checkId)
    {
        var checks = await _http.GetAsync("v1/agent/checks");
        Assert.Equal(HttpStatusCode.OK, checks.Status);
        return JsonAssert.Property(checks.Json, checkId, JsonValueKind.Object);
    }

    private Task<JsonElement> WaitForStatusAsync(string checkId, string status, TimeSpan timeout) =>
        Eventually.UntilAsync(
            () => AgentCheckAsync(checkId),
            c => JsonAssert.String(c, "Status") == status,
            timeout,
            $"check {checkId} is {status}");

    [Fact]
    public async Task TtlUpdate_OutputOverMaxSize_IsTruncatedWithCaptureSuffix()
    {
        var checkId = $"{Id}:ttl";
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Check": { "CheckID": "{{checkId}}", "TTL": "60s" } }""");
        var output = new string('o', 5000);

        ContractAssert.EmptyOk(await _http.PutAsync($"v1/agent/check/update/{checkId}", $$"""{ "Status": "passing", "Output": "{{output}}" }"""));

        Assert.Equal(new string('o', 4096) + " ... (captured 4096 of 5000 bytes)", JsonAssert.String(await AgentCheckAsync(checkId), "Output"));
    }

    [Fact]
    public async Task AliasCheck_SidecarDefaults_MirrorsParentHealth()
    {
        var parentCheck = $"{Id}:ttl";
        var alias = $"service:{Id}-sidecar-proxy:2";
        _http.TrackService(Id + "-sidecar-proxy");
        await _http.RegisterServiceAsync(Id, $$"""
            { "ID": "{{Id}}", "Name": "{{_name}}", "Port": 8080, "Check": { "CheckID": "{{parentCheck}}", "TTL": "60s", "Status": "passing" },
              "Connect": { "SidecarService": {} } }
            """);

        await WaitForStatusAsync(alias, "passing", TimeSpan.FromSeconds(20));
        ContractAssert.EmptyOk(await _http.PutAsync($"v1/agent/check/fail/{parentCheck}?note=down"));
        await WaitForStatusAsync(alias, "critical", TimeSpan.FromSeconds(20));
        ContractAssert.EmptyOk(await _http.PutAsync($"v1/agent/check/warn/{parentCheck}?note=slow"));

        await WaitForStatusAsync(alias, "warning", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task TtlHeartbeat_PassBeforeEachExpiry_StaysPassingThenExpiresWhenStopped()
    {
        var checkId = $"{Id}:ttl";
        var ttl = TimeSpan.FromSeconds(3);
        await _http.RegisterServiceAsync(Id, $$"""{ "ID": "{{Id}}", "Name": "{{_name}}", "Check": { "CheckID": "{{checkId}}", "TTL": "3s" } }""");
        ContractAssert.EmptyOk(await _http.PutAsync($"v1/agent/check/pass/{checkId}?note=beat-0"));

        // Heartbeat for more than two TTLs: each pass must reset the timer, so the check is never seen expired.
        var heartbeats = 0;
        var until = DateTimeOffset.UtcNow + (2.5 * ttl);
        while (DateTimeOffset.UtcNow < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            var seen = await AgentCheckAsync(checkId);
            Assert.True(JsonAssert.String(seen, "Status") == "passing", $"after {heartbeats} heartbeat(s) the check was {seen}");
            ContractAssert.EmptyOk(await _http.PutAsync($"v1/agent/check/pass/{checkId}?note=beat-{++heartbeats}"));
        }

        var expired = await WaitForStatusAsync(checkId, "critical", TimeSpan.FromSeconds(20));

        Assert.Equal($"TTL expired (last output before timeout follows): beat-{heartbeats}", JsonAssert.String(expired, "Output"));
    }
}
