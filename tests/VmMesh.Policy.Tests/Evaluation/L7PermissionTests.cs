using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Model;
using static VmMesh.Policy.Tests.Support.Intentions;

namespace VmMesh.Policy.Tests.Evaluation;

public class L7PermissionTests
{
    private static bool AllowedWith(HttpMatch http, IntentionRequest request) =>
        Set(Doc("api", L7("web", AllowIf(http)))).Evaluate(request).Allowed;

    [Theory]
    [InlineData("/public", true)]
    [InlineData("/public?x=1", true)]
    [InlineData("/public/", false)]
    [InlineData("/Public", false)]
    [InlineData("/publicity", false)]
    public void PathExact_MatchesTheWholePathIgnoringTheQuery(string path, bool allowed)
    {
        Assert.Equal(allowed, AllowedWith(new HttpMatch(PathExact: "/public"), Http("web", "api", "GET", path)));
    }

    [Theory]
    [InlineData("/public", true)]
    [InlineData("/public/a/b", true)]
    [InlineData("/publicity", true)]
    [InlineData("/pub", false)]
    [InlineData("/x?/public", false)]
    public void PathPrefix_IsAPlainStringPrefixAsInConsul(string path, bool allowed)
    {
        Assert.Equal(allowed, AllowedWith(new HttpMatch(PathPrefix: "/public"), Http("web", "api", "GET", path)));
    }

    [Theory]
    [InlineData("/api/v1", true)]
    [InlineData("/api/v42?debug=1", true)]
    [InlineData("/api/v1/users", false)]
    [InlineData("/x/api/v1", false)]
    [InlineData("/api/v", false)]
    public void PathRegex_MustMatchTheWholePath(string path, bool allowed)
    {
        Assert.Equal(allowed, AllowedWith(new HttpMatch(PathRegex: "/api/v[0-9]+"), Http("web", "api", "GET", path)));
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("HEAD", true)]
    [InlineData("POST", false)]
    [InlineData("get", false)]
    public void Methods_RequestMethodMustBeListed(string method, bool allowed)
    {
        Assert.Equal(allowed, AllowedWith(new HttpMatch(Methods: ["GET", "HEAD"]), Http("web", "api", method, "/")));
    }

    [Fact]
    public void Methods_PathAndMethodTogether_BothMustHold()
    {
        var http = new HttpMatch(PathPrefix: "/a", Methods: ["POST"]);

        Assert.True(AllowedWith(http, Http("web", "api", "POST", "/a")));
        Assert.False(AllowedWith(http, Http("web", "api", "GET", "/a")));
        Assert.False(AllowedWith(http, Http("web", "api", "POST", "/b")));
    }

    [Theory]
    [InlineData("present", false, "x-env", "anything", true)]
    [InlineData("present", false, "X-ENV", "", true)]
    [InlineData("present", false, null, null, false)]
    [InlineData("present", true, null, null, true)]
    [InlineData("present", true, "x-env", "prod", false)]
    [InlineData("exact", false, "x-env", "prod", true)]
    [InlineData("exact", false, "x-env", "Prod", false)]
    [InlineData("exact", false, "x-env", "production", false)]
    [InlineData("exact", true, "x-env", "dev", true)]
    [InlineData("exact", true, "x-env", "prod", false)]
    [InlineData("exact", true, null, null, false)]
    [InlineData("prefix", false, "x-env", "production", true)]
    [InlineData("prefix", false, "x-env", "dev", false)]
    [InlineData("prefix", true, "x-env", "dev", true)]
    [InlineData("suffix", false, "x-env", "preprod", true)]
    [InlineData("suffix", false, "x-env", "prod-eu", false)]
    [InlineData("suffix", true, "x-env", "prod-eu", true)]
    [InlineData("regex", false, "x-env", "prod", true)]
    [InlineData("regex", false, "x-env", "prod2", false)]
    [InlineData("regex", true, "x-env", "prod2", true)]
    [InlineData("regex", true, null, null, false)]
    public void Header_MatcherKindsAndInvert_FollowEnvoySemantics(string kind, bool invert, string? name, string? value, bool allowed)
    {
        var header = kind switch
        {
            "present" => new HeaderMatch("x-env", Present: true, Invert: invert),
            "exact" => new HeaderMatch("x-env", Exact: "prod", Invert: invert),
            "prefix" => new HeaderMatch("x-env", Prefix: "prod", Invert: invert),
            "suffix" => new HeaderMatch("x-env", Suffix: "prod", Invert: invert),
            _ => new HeaderMatch("x-env", Regex: "p[a-z]+", Invert: invert),
        };
        var request = name is null ? Http("web", "api", "GET", "/") : Http("web", "api", "GET", "/", (name, value!));

        Assert.Equal(allowed, AllowedWith(new HttpMatch(Header: [header]), request));
    }

    [Fact]
    public void Header_RepeatedHeader_MatchedAsCommaJoinedValue()
    {
        var http = new HttpMatch(Header: [new HeaderMatch("x-env", Exact: "a,b")]);

        Assert.True(AllowedWith(http, Http("web", "api", "GET", "/", ("x-env", "a"), ("X-Env", "b"))));
        Assert.False(AllowedWith(http, Http("web", "api", "GET", "/", ("x-env", "a"))));
    }

    [Fact]
    public void Header_SeveralMatchers_AllMustHold()
    {
        var http = new HttpMatch(Header: [new HeaderMatch("x-a", Exact: "1"), new HeaderMatch("x-b", Present: true)]);

        Assert.True(AllowedWith(http, Http("web", "api", "GET", "/", ("x-a", "1"), ("x-b", ""))));
        Assert.False(AllowedWith(http, Http("web", "api", "GET", "/", ("x-a", "1"))));
        Assert.False(AllowedWith(http, Http("web", "api", "GET", "/", ("x-a", "2"), ("x-b", ""))));
    }

    [Fact]
    public void Permissions_FirstMatchWins_InOrder()
    {
        var set = Set(Doc("api", L7("web",
            DenyIf(new HttpMatch(PathPrefix: "/admin")),
            AllowIf(new HttpMatch(PathPrefix: "/")),
            DenyIf(new HttpMatch(PathPrefix: "/public")))));

        var admin = set.Evaluate(Http("web", "api", "GET", "/admin/users"));
        var publicPage = set.Evaluate(Http("web", "api", "GET", "/public"));

        Assert.False(admin.Allowed);
        Assert.Equal(0, admin.DecidingRule!.PermissionIndex);
        Assert.Equal("denied by intention web -> api (precedence 9): permissions[0] (deny) matched", admin.Reason);
        Assert.True(publicPage.Allowed);
        Assert.Equal(1, publicPage.DecidingRule!.PermissionIndex);
        Assert.Equal("allowed by intention web -> api (precedence 9): permissions[1] (allow) matched", publicPage.Reason);
    }

    [Theory]
    [InlineData(IntentionAction.Deny, false, "denied: intention web -> api (precedence 9) has no permission matching the request, so the mesh default action deny applies")]
    [InlineData(IntentionAction.Allow, true, "allowed: intention web -> api (precedence 9) has no permission matching the request, so the mesh default action allow applies")]
    public void Permissions_NoneMatches_MeshDefaultAppliesWithoutFallingThrough(IntentionAction defaultAction, bool allowed, string reason)
    {
        // The less specific "*" intention would allow; Consul does not fall through to it.
        var set = Set(new MeshDefaults(defaultAction), Doc("api", L7("web", AllowIf(new HttpMatch(PathExact: "/ok"))), Allow("*")));

        var decision = set.Evaluate(Http("web", "api", "GET", "/other"));

        Assert.Equal(allowed, decision.Allowed);
        Assert.Equal(DecisionBasis.NoMatchingPermission, decision.Basis);
        Assert.Equal(new DecidingRule("api", "web", 9, null), decision.DecidingRule);
        Assert.Equal(reason, decision.Reason);
    }

    [Theory]
    [InlineData(IntentionAction.Deny)]
    [InlineData(IntentionAction.Allow)]
    public void L7Intention_L4OnlyRequest_Denied(IntentionAction defaultAction)
    {
        var set = Set(new MeshDefaults(defaultAction), Doc("api", L7("web", AllowIf(new HttpMatch(PathPrefix: "/")))));

        var decision = set.Evaluate(L4("web", "api"));

        Assert.False(decision.Allowed);
        Assert.Equal(DecisionBasis.NotHttp, decision.Basis);
        Assert.Equal("denied: intention web -> api (precedence 9) has L7 permissions and the request carries no HTTP method or path", decision.Reason);
    }

    [Fact]
    public void L4Intention_L4OnlyRequest_UsesItsAction()
    {
        var decision = Set(Doc("api", Allow("web"))).Evaluate(L4("web", "api"));

        Assert.True(decision.Allowed);
        Assert.Equal("allowed by intention web -> api (precedence 9): L4 allow", decision.Reason);
    }

    [Fact]
    public void PartialHttpInformation_MissingPartNeverSatisfiesAMatcherOnIt()
    {
        var set = Set(Doc("api", L7("web", AllowIf(new HttpMatch(Methods: ["GET"])), AllowIf(new HttpMatch(PathPrefix: "/")))));

        Assert.Equal(0, set.Evaluate(new IntentionRequest("web", "api", Method: "GET")).DecidingRule!.PermissionIndex);
        Assert.Equal(1, set.Evaluate(new IntentionRequest("web", "api", Path: "/x")).DecidingRule!.PermissionIndex);
        Assert.Equal(DecisionBasis.NoMatchingPermission, set.Evaluate(new IntentionRequest("web", "api", Method: "POST")).Basis);
    }

    [Theory]
    [InlineData(IntentionAction.Deny, false, "denied: no intention matches, so the mesh default action deny applies")]
    [InlineData(IntentionAction.Allow, true, "allowed: no intention matches, so the mesh default action allow applies")]
    public void NoIntention_MeshDefaultApplies(IntentionAction defaultAction, bool allowed, string reason)
    {
        var set = Set(new MeshDefaults(defaultAction), Doc("db", Deny("web")));

        var decision = set.Evaluate(Http("web", "api", "GET", "/"));

        Assert.Equal(new IntentionDecision(allowed, reason, null, DecisionBasis.MeshDefault), decision);
    }

    [Fact]
    public void EmptySet_DefaultDeny()
    {
        Assert.False(IntentionSet.Empty(MeshDefaults.DenyByDefault).Evaluate(L4("web", "api")).Allowed);
        Assert.Equal(IntentionAction.Deny, new MeshDefaults().DefaultAction);
    }
}
