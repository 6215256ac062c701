using System.Text.Json;
using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Client.Ca;
using VmMesh.PolicyServer.Client.Intentions;
using VmMesh.PolicyServer.Client.Json;
using VmMesh.PolicyServer.Client.Tokens;

namespace VmMesh.PolicyServer.Client.Tests.Json;

/// <summary>The records serialize to exactly the shapes in docs/policy-server-api.md.</summary>
public sealed class WireFormatTests
{
    [Fact]
    public void CreateTokenRequest_Serialized_UsesContractNames()
    {
        var json = JsonSerializer.Serialize(new CreateTokenRequest(["web"], "24h", 1), PolicyServerJson.Strict.CreateTokenRequest);

        Assert.Equal("""{"services":["web"],"ttl":"24h","maxUses":1}""", json);
    }

    [Fact]
    public void CreateTokenRequest_StrictWithUnknownField_IsRejected()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"services":["web"],"tll":"24h"}""", PolicyServerJson.Strict.CreateTokenRequest));

        Assert.Contains("tll", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateTokenRequest_StrictWithoutServices_IsRejected()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"ttl":"24h"}""", PolicyServerJson.Strict.CreateTokenRequest));
    }

    [Fact]
    public void CreateTokenRequest_OptionalFieldsOmitted_AreNull()
    {
        var request = JsonSerializer.Deserialize("""{"services":["web","api"]}""", PolicyServerJson.Strict.CreateTokenRequest)!;

        Assert.Equal(["web", "api"], request.Services);
        Assert.Null(request.Ttl);
        Assert.Null(request.MaxUses);
    }

    [Fact]
    public void TokenCreated_TolerantWithUnknownField_IsRead()
    {
        const string json = """{"id":"tok_1","token":"s3cret","services":["web"],"expiresAt":"2026-11-27T10:00:00Z","maxUses":1,"remainingUses":1,"createdAt":"2026-11-26T10:00:00Z","newField":true}""";

        var created = JsonSerializer.Deserialize(json, PolicyServerJson.Tolerant.TokenCreated)!;

        Assert.Equal("tok_1", created.Id);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero), created.ExpiresAt);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, PolicyServerJson.Strict.TokenCreated));
    }

    [Fact]
    public void RootsResponse_Serialized_KeepsNullCrossSignedPem()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var roots = new RootsResponse("vmmesh.local", "sha256:ab", 12, [new RootInfo("sha256:ab", "PEM", at, at.AddYears(10), true)]);

        var json = JsonSerializer.Serialize(roots, PolicyServerJson.Strict.RootsResponse);

        Assert.Equal(
            """{"trustDomain":"vmmesh.local","activeRootId":"sha256:ab","index":12,"roots":[{"id":"sha256:ab","pem":"PEM","notBefore":"2026-01-01T00:00:00+00:00","notAfter":"2036-01-01T00:00:00+00:00","active":true,"crossSignedPem":null}]}""",
            json);
    }

    [Fact]
    public void IntentionListResponse_RoundTrip_UsesPolicyTypesAndLowerCaseAction()
    {
        const string json = """{"version":7,"defaultAction":"deny","documents":[{"destination":"api","sources":[{"action":"allow","name":"web"}]}]}""";

        var list = JsonSerializer.Deserialize(json, PolicyServerJson.Tolerant.IntentionListResponse)!;

        Assert.Equal(new IntentionVersion(7), list.Version);
        Assert.Equal(IntentionAction.Deny, list.DefaultAction);
        var document = Assert.Single(list.Documents);
        Assert.Equal("api", document.Destination);
        Assert.Equal(IntentionAction.Allow, Assert.Single(document.Sources).Action);
        Assert.Equal(json, JsonSerializer.Serialize(list, PolicyServerJson.Strict.IntentionListResponse));
    }

    [Fact]
    public void IntentionDocument_InvalidDocument_ReportsEveryParserError()
    {
        const string json = """{"destination":"API","sources":[{"name":"web","action":"allow"},{"name":"web","action":"maybe"}],"extra":1}""";

        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, PolicyServerJson.Strict.IntentionDocument));

        var expected = Policy.Validation.IntentionDocumentParser.Parse(json).Errors;
        Assert.True(expected.Count >= 3, string.Join(" | ", expected));
        Assert.Equal(string.Join("; ", expected), ex.Message);
    }

    [Fact]
    public void CheckRequest_Serialized_KeepsHeaderNamesAsGiven()
    {
        var request = new CheckRequest("web", "api", "GET", "/x", new Dictionary<string, string> { ["X-Tenant"] = "a" });

        var json = JsonSerializer.Serialize(request, PolicyServerJson.Strict.CheckRequest);

        Assert.Equal("""{"source":"web","destination":"api","method":"GET","path":"/x","headers":{"X-Tenant":"a"}}""", json);
    }

    [Fact]
    public void CheckResponse_Read_CarriesDecidingRule()
    {
        const string json = """{"allowed":true,"reason":"allowed by web -> api","rule":{"destination":"api","source":"web","precedence":9,"permissionIndex":null},"explanation":"line"}""";

        var response = JsonSerializer.Deserialize(json, PolicyServerJson.Tolerant.CheckResponse)!;

        Assert.Equal(new DecidingRule("api", "web", 9, null), response.Rule);
        Assert.Equal(json, JsonSerializer.Serialize(response, PolicyServerJson.Strict.CheckResponse));
    }

    [Fact]
    public void IntentionVersion_Negative_IsRejected()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"version":-1}""", PolicyServerJson.Tolerant.VersionResponse));
    }

    [Fact]
    public void AuditEntry_NullBefore_ReadsAsNull()
    {
        const string json = """[{"id":"1","time":"2026-11-26T10:00:00Z","actor":"admin","action":"intention.put","target":"api","before":null,"after":{"destination":"api"}}]""";

        var entry = Assert.Single(JsonSerializer.Deserialize(json, PolicyServerJson.Tolerant.IReadOnlyListAuditEntry)!);

        Assert.Null(entry.Before);
        Assert.Equal("api", entry.After!.Value.GetProperty("destination").GetString());
    }
}
