using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Model;
using static VmMesh.Policy.Tests.Support.Intentions;

namespace VmMesh.Policy.Tests.Evaluation;

/// <summary>
/// A regular expression that cannot be evaluated (match timeout) must never widen access: a deny permission counts
/// as matching, an allow permission as not matching. A 1 ms timeout on a multi-megabyte input forces the timeout.
/// </summary>
public class FailClosedTests
{
    private static readonly string HugePath = "/" + new string('a', 8_000_000);

    private static IntentionSet Compile(MeshDefaults defaults, params Permission[] permissions) =>
        IntentionSet.CompileUnchecked([Doc("api", L7("web", permissions))], defaults, new IntentionVersion(1), TimeSpan.FromMilliseconds(1));

    [Fact]
    public void PathRegexTimesOut_DenyPermission_CountsAsMatching()
    {
        var set = Compile(new MeshDefaults(IntentionAction.Allow), DenyIf(new HttpMatch(PathRegex: "/a*b")), AllowIf(new HttpMatch(PathPrefix: "/")));

        var decision = set.Evaluate(Http("web", "api", "GET", HugePath));

        Assert.False(decision.Allowed);
        Assert.Equal(DecisionBasis.FailedClosed, decision.Basis);
        Assert.Equal("denied by intention web -> api (precedence 9): permissions[0] (deny) could not be evaluated (regular expression timed out), so it counts as matching", decision.Reason);
    }

    [Fact]
    public void PathRegexTimesOut_AllowPermission_DoesNotMatch()
    {
        var set = Compile(MeshDefaults.DenyByDefault, AllowIf(new HttpMatch(PathRegex: "/a*")), DenyIf(new HttpMatch(PathPrefix: "/")));

        var decision = set.Evaluate(Http("web", "api", "GET", HugePath));

        Assert.False(decision.Allowed);
        Assert.Equal(1, decision.DecidingRule!.PermissionIndex);
    }

    [Fact]
    public void HeaderRegexTimesOut_DenyPermission_CountsAsMatching()
    {
        var set = Compile(new MeshDefaults(IntentionAction.Allow), DenyIf(new HttpMatch(Header: [new HeaderMatch("x-big", Regex: "a*b", Invert: true)])));

        var decision = set.Evaluate(Http("web", "api", "GET", "/", ("x-big", HugePath[1..])));

        Assert.Equal(DecisionBasis.FailedClosed, decision.Basis);
    }

    [Fact]
    public void RegexTimesOutButAnotherCriterionDefinitelyFails_PermissionDoesNotMatch()
    {
        var set = Compile(new MeshDefaults(IntentionAction.Allow), DenyIf(new HttpMatch(PathRegex: "/a*b", Header: [new HeaderMatch("x-env", Exact: "prod")])));

        var decision = set.Evaluate(Http("web", "api", "GET", HugePath, ("x-env", "dev")));

        Assert.True(decision.Allowed);
        Assert.Equal(DecisionBasis.NoMatchingPermission, decision.Basis);
    }
}
