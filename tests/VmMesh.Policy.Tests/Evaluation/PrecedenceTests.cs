using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Model;
using static VmMesh.Policy.Tests.Support.Intentions;

namespace VmMesh.Policy.Tests.Evaluation;

public class PrecedenceTests
{
    private static readonly int[] Levels = [9, 8, 6, 5];

    /// <summary>The intention of a given precedence for the pair web -> api.</summary>
    private static (string Source, string Destination) PairFor(int precedence) => precedence switch
    {
        9 => ("web", "api"),
        8 => ("*", "api"),
        6 => ("web", "*"),
        _ => ("*", "*"),
    };

    private static IntentionSource Rule(string source, IntentionAction action, bool l7) => l7
        ? L7(source, new Permission(action, new HttpMatch(PathPrefix: "/")))
        : new IntentionSource(source, action);

    public static TheoryData<int, IntentionAction, bool, int, IntentionAction, bool> EveryPair()
    {
        var data = new TheoryData<int, IntentionAction, bool, int, IntentionAction, bool>();
        foreach (var high in Levels)
        {
            foreach (var low in Levels.Where(l => l < high))
            {
                foreach (var highAction in new[] { IntentionAction.Allow, IntentionAction.Deny })
                {
                    foreach (var lowAction in new[] { IntentionAction.Allow, IntentionAction.Deny })
                    {
                        foreach (var highL7 in new[] { false, true })
                        {
                            data.Add(high, highAction, highL7, low, lowAction, !highL7);
                        }
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Evaluate_TwoMatchingIntentions_TheMoreSpecificDecides(int high, IntentionAction highAction, bool highL7, int low, IntentionAction lowAction, bool lowL7)
    {
        var (highSource, highDestination) = PairFor(high);
        var (lowSource, lowDestination) = PairFor(low);
        var documents = new Dictionary<string, List<IntentionSource>>
        {
            [highDestination] = [Rule(highSource, highAction, highL7)],
        };
        documents.TryAdd(lowDestination, []);
        documents[lowDestination].Add(Rule(lowSource, lowAction, lowL7));
        var set = Set([.. documents.Select(d => Doc(d.Key, [.. d.Value]))]);

        var decision = set.Evaluate(Http("web", "api", "GET", "/x"));

        Assert.Equal(highAction == IntentionAction.Allow, decision.Allowed);
        Assert.Equal(new DecidingRule(highDestination, highSource, high, highL7 ? 0 : null), decision.DecidingRule);
        Assert.Equal(highL7 ? DecisionBasis.Permission : DecisionBasis.L4Action, decision.Basis);
    }

    [Theory]
    [InlineData("web", "api", 9)]
    [InlineData("*", "api", 8)]
    [InlineData("web", "*", 6)]
    [InlineData("*", "*", 5)]
    public void Precedence_Of_FollowsConsulTable(string source, string destination, int expected)
    {
        Assert.Equal(expected, IntentionPrecedence.Of(source, destination));
    }

    [Fact]
    public void Evaluate_AllFourLevelsPresent_RemovingTheTopOneAtATimeHandsDownTheDecision()
    {
        IntentionSource[] apiSources = [Allow("web"), Deny("*")];
        IntentionSource[] anySources = [Allow("web"), Deny("*")];
        var request = L4("web", "api");

        Assert.Equal(9, Set(Doc("api", apiSources), Doc("*", anySources)).Evaluate(request).DecidingRule!.Precedence);
        Assert.Equal(8, Set(Doc("api", apiSources[1]), Doc("*", anySources)).Evaluate(request).DecidingRule!.Precedence);
        Assert.Equal(6, Set(Doc("db", apiSources), Doc("*", anySources)).Evaluate(request).DecidingRule!.Precedence);
        Assert.Equal(5, Set(Doc("*", anySources[1])).Evaluate(request).DecidingRule!.Precedence);
        Assert.Null(Set(Doc("db", Allow("*"))).Evaluate(request).DecidingRule);
    }

    [Fact]
    public void Evaluate_OtherSourcesAndDestinations_DoNotMatch()
    {
        var set = Set(Doc("api", Allow("web")), Doc("db", Allow("*")));

        Assert.False(set.Evaluate(L4("cache", "api")).Allowed);
        Assert.False(set.Evaluate(L4("web", "cache")).Allowed);
        Assert.True(set.Evaluate(L4("cache", "db")).Allowed);
    }

    [Fact]
    public void Evaluate_RequestNamesAreCaseSensitive_NoMatchMeansDefault()
    {
        var set = Set(Doc("api", Allow("web")));

        Assert.Equal(DecisionBasis.MeshDefault, set.Evaluate(L4("Web", "api")).Basis);
        Assert.Equal(DecisionBasis.MeshDefault, set.Evaluate(L4("web", "API")).Basis);
    }

    [Theory]
    [InlineData(IntentionAction.Allow, IntentionAction.Deny)]
    [InlineData(IntentionAction.Deny, IntentionAction.Allow)]
    public void Evaluate_EqualPrecedenceTie_DenyWins(IntentionAction first, IntentionAction second)
    {
        // Validation makes ties impossible (one document per destination, each source once); bypass it to prove
        // the evaluator still breaks a tie towards deny, whatever the order.
        var set = IntentionSet.CompileUnchecked(
            [Doc("api", new IntentionSource("web", first)), Doc("api", new IntentionSource("web", second))],
            MeshDefaults.DenyByDefault,
            new IntentionVersion(1));

        var decision = set.Evaluate(L4("web", "api"));

        Assert.False(decision.Allowed);
        Assert.Equal(DecisionBasis.L4Action, decision.Basis);
    }

    [Fact]
    public void Evaluate_TieBetweenL7AndL4Allow_L7Decides()
    {
        var set = IntentionSet.CompileUnchecked(
            [Doc("api", Allow("*")), Doc("api", L7("*", DenyIf(new HttpMatch(PathPrefix: "/admin"))))],
            new MeshDefaults(IntentionAction.Allow),
            new IntentionVersion(1));

        Assert.False(set.Evaluate(Http("web", "api", "GET", "/admin")).Allowed);
        Assert.Equal(DecisionBasis.Permission, set.Evaluate(Http("web", "api", "GET", "/admin")).Basis);
    }

    [Fact]
    public void Create_SameDestinationInTwoDocuments_Rejected()
    {
        var result = IntentionSet.Create([Doc("api", Allow("web")), Doc("api", Deny("db"))], MeshDefaults.DenyByDefault, new IntentionVersion(1));

        Assert.Equal(["intentions for \"api\": destination is given by 2 documents; merge them into one document"], result.Errors);
    }

    [Fact]
    public void Create_InvalidDocumentsAndNegativeVersion_ReportsEverything()
    {
        var result = IntentionSet.Create([Doc("api", Allow("Web")), Doc("db")], MeshDefaults.DenyByDefault, new IntentionVersion(-1));

        Assert.Equal(
            [
                "intention set: version -1 is negative; versions start at 0 and only rise",
                "intentions for \"api\": sources[0].name \"Web\" is not a valid service name; use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit, or \"*\"",
                "intentions for \"db\": sources is empty; list at least one source",
            ],
            result.Errors);
    }
}
