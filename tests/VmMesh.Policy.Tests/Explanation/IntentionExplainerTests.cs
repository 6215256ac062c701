using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Explanation;
using VmMesh.Policy.Model;
using static VmMesh.Policy.Tests.Support.Intentions;

namespace VmMesh.Policy.Tests.Explanation;

public class IntentionExplainerTests
{
    private static readonly IntentionSet Sample = IntentionSet.Create(
        [Doc("api", Allow("web"), L7("*", DenyIf(new HttpMatch(PathPrefix: "/admin", Methods: ["GET", "POST"], Header: [new HeaderMatch("x-debug", Present: true, Invert: true)]))))],
        MeshDefaults.DenyByDefault,
        new IntentionVersion(42)).GetValueOrThrow();

    [Fact]
    public void Explain_L7Decision_ShowsRuleMatcherReasonAndVersion()
    {
        var request = Http("cache", "api", "GET", "/admin/users");

        var text = IntentionExplainer.Explain(Sample, request, Sample.Evaluate(request));

        Assert.Equal(
            string.Join(Environment.NewLine,
                "DENIED  cache -> api  GET /admin/users",
                "rule     * -> api (precedence 8), permissions[0]",
                "matcher  deny if path prefix \"/admin\" and method GET or POST and header x-debug is absent",
                "reason   denied by intention * -> api (precedence 8): permissions[0] (deny) matched",
                "version  42 (mesh default: deny)"),
            text);
    }

    [Fact]
    public void Explain_DefaultDecisionForL4Request_SaysNoIntentionMatches()
    {
        var request = L4("web", "db");

        var text = IntentionExplainer.Explain(Sample, request, Sample.Evaluate(request));

        Assert.Equal(
            string.Join(Environment.NewLine,
                "DENIED  web -> db  (L4: no HTTP request)",
                "rule     default (no intention matches)",
                "reason   denied: no intention matches, so the mesh default action deny applies",
                "version  42 (mesh default: deny)"),
            text);
    }

    [Theory]
    [InlineData("exact", "allow if path is \"/a\" and header x-env equals \"prod\"")]
    [InlineData("prefix", "allow if path is \"/a\" and header x-env not starts with \"prod\"")]
    [InlineData("suffix", "allow if path is \"/a\" and header x-env ends with \"prod\"")]
    [InlineData("regex", "allow if path is \"/a\" and header x-env matches /p.*/")]
    [InlineData("present", "allow if path is \"/a\" and header x-env is present")]
    public void Describe_Permission_OneReadableLine(string kind, string expected)
    {
        var header = kind switch
        {
            "exact" => new HeaderMatch("x-env", Exact: "prod"),
            "prefix" => new HeaderMatch("x-env", Prefix: "prod", Invert: true),
            "suffix" => new HeaderMatch("x-env", Suffix: "prod"),
            "regex" => new HeaderMatch("x-env", Regex: "p.*"),
            _ => new HeaderMatch("x-env", Present: true),
        };

        Assert.Equal(expected, IntentionExplainer.Describe(AllowIf(new HttpMatch(PathExact: "/a", Header: [header]))));
    }
}
