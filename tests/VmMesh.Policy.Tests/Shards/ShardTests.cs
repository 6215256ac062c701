using System.Text;
using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Model;
using VmMesh.Policy.Shards;
using Xunit.Abstractions;
using static VmMesh.Policy.Tests.Support.Intentions;

namespace VmMesh.Policy.Tests.Shards;

public class ShardTests(ITestOutputHelper output)
{
    private static readonly IntentionSet Sample = IntentionSet.Create(
        [
            Doc("api", Allow("web"), L7("*", DenyIf(new HttpMatch(PathRegex: "/admin/.*", Methods: ["POST", "GET"], Header: [new HeaderMatch("x-env", Exact: "prod", Invert: true)])))),
            Doc("db", Deny("*"), Allow("api")),
            Doc("*", Deny("batch")),
        ],
        MeshDefaults.DenyByDefault,
        new IntentionVersion(7)).GetValueOrThrow();

    [Fact]
    public void Compile_OneShardPerDestinationPlusWildcard()
    {
        var shards = ShardCompiler.Compile(Sample);

        Assert.Equal(["*", "api", "db"], shards.Keys.ToArray());
    }

    [Fact]
    public void Compile_ShardBytes_AreCanonicalJson()
    {
        var shard = Encoding.UTF8.GetString(ShardCompiler.Compile(Sample)["db"]);

        Assert.Equal(
            """{"defaultAction":"deny","destination":"db","intentions":[{"destination":"db","sources":[{"action":"deny","name":"*"},{"action":"allow","name":"api"}]}],"kind":"vmmesh-intentions-shard","version":7}""",
            shard);
    }

    [Fact]
    public void Compile_SameIntentionsInAnotherOrder_SameBytes()
    {
        var reordered = IntentionSet.Create(
            [Doc("*", Deny("batch")), Doc("db", Allow("api"), Deny("*")), Sample.GetDocument("api")!],
            MeshDefaults.DenyByDefault,
            new IntentionVersion(7)).GetValueOrThrow();

        var first = ShardCompiler.Compile(Sample);
        var second = ShardCompiler.Compile(reordered);

        Assert.All(first, pair => Assert.Equal(pair.Value, second[pair.Key]));
    }

    [Fact]
    public void Compile_EmptySet_StillPublishesTheWildcardShardWithVersionAndDefault()
    {
        var shards = ShardCompiler.Compile(IntentionSet.Empty(new MeshDefaults(IntentionAction.Allow), new IntentionVersion(3)));

        Assert.Equal(
            """{"defaultAction":"allow","destination":"*","intentions":[],"kind":"vmmesh-intentions-shard","version":3}""",
            Encoding.UTF8.GetString(Assert.Single(shards).Value));
    }

    [Fact]
    public void CompileFor_DestinationWithoutIntentions_EmptyShardThatReplacesWhatASidecarHolds()
    {
        var shard = ShardParser.Parse(ShardCompiler.CompileFor(Sample, "cache"), "cache").GetValueOrThrow();

        Assert.Equal(new IntentionVersion(7), shard.Version);
        Assert.Empty(shard.Documents);
    }

    [Fact]
    public void CompileFor_InvalidDestination_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ShardCompiler.CompileFor(Sample, "Bad Name"));

        Assert.StartsWith("destination \"Bad Name\" is not a valid service name;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RoundTrip_AllShards_GiveTheSameDecisionsAsTheOriginalSet()
    {
        var parsed = ShardParser.ParseSet(ShardCompiler.Compile(Sample).Values.Select(b => (ReadOnlyMemory<byte>)b)).GetValueOrThrow();
        IntentionRequest[] requests =
        [
            L4("web", "api"), L4("batch", "api"), L4("batch", "db"), L4("api", "db"), L4("web", "cache"),
            Http("web", "api", "POST", "/admin/x"), Http("cache", "api", "POST", "/admin/x"),
            Http("cache", "api", "POST", "/admin/x", ("x-env", "prod")), Http("cache", "api", "GET", "/public"),
        ];

        Assert.Equal(Sample.Version, parsed.Version);
        Assert.Equal(Sample.Defaults, parsed.Defaults);
        Assert.All(requests, r => Assert.Equal(Sample.Evaluate(r), parsed.Evaluate(r)));
        Assert.All(ShardCompiler.Compile(Sample), pair => Assert.Equal(pair.Value, ShardCompiler.CompileFor(parsed, pair.Key)));
    }

    [Fact]
    public void RoundTrip_SidecarView_OwnShardPlusWildcardDecidesItsOwnTraffic()
    {
        var shards = ShardCompiler.Compile(Sample);
        var sidecar = ShardParser.ToSet(
        [
            ShardParser.Parse(shards["api"], "api").GetValueOrThrow(),
            ShardParser.Parse(shards["*"], "*").GetValueOrThrow(),
        ]).GetValueOrThrow();

        Assert.Equal(["*", "api"], sidecar.Documents.Select(d => d.Destination).ToArray());
        Assert.True(sidecar.Evaluate(L4("web", "api")).Allowed);
        Assert.Equal(new DecidingRule("api", "*", 8, null), sidecar.Evaluate(L4("batch", "api")).DecidingRule);
        Assert.Equal(DecisionBasis.NotHttp, sidecar.Evaluate(L4("batch", "api")).Basis);
        Assert.Equal(new DecidingRule("*", "batch", 6, null), sidecar.Evaluate(L4("batch", "cache")).DecidingRule);
    }

    [Fact]
    public void ToSet_ShardsOfDifferentVersions_NewestVersionAndDefaultsWin()
    {
        var older = new IntentionShard("api", new IntentionVersion(4), new MeshDefaults(IntentionAction.Allow), []);
        var newer = new IntentionShard("*", new IntentionVersion(9), MeshDefaults.DenyByDefault, []);

        var set = ShardParser.ToSet([older, newer]).GetValueOrThrow();

        Assert.Equal(new IntentionVersion(9), set.Version);
        Assert.Equal(IntentionAction.Deny, set.Defaults.DefaultAction);
    }

    [Fact]
    public void ToSet_TwoShardsForOneDestination_Rejected()
    {
        var shard = new IntentionShard("api", new IntentionVersion(4), MeshDefaults.DenyByDefault, []);

        Assert.Equal(["intentions shard \"api\": given 2 times; pass one shard per destination"], ShardParser.ToSet([shard, shard]).Errors);
        Assert.Equal(["intention shards: none given; pass at least the \"*\" shard"], ShardParser.ToSet([]).Errors);
    }

    [Theory]
    [MemberData(nameof(BadShards))]
    public void Parse_BadShard_ReportsEveryErrorExactly(string payload, string? expectedDestination, string[] expected)
    {
        var result = ShardParser.Parse(Encoding.UTF8.GetBytes(payload), expectedDestination);

        Assert.Equal(string.Join(Environment.NewLine, expected), string.Join(Environment.NewLine, result.Errors));
    }

    public static TheoryData<string, string?, string[]> BadShards() => new()
    {
        {
            """{"defaultAction":"deny","destination":"db","intentions":[],"kind":"vmmesh-intentions-shard","version":7}""",
            "api",
            ["intentions shard \"db\": destination \"db\" is not the expected \"api\"; the shard was published under the wrong key"]
        },
        {
            """{"defaultAction":"deny","destination":"api","intentions":[],"kind":"vmmesh-ca-bundle","version":7,"extra":true}""",
            null,
            [
                "intentions shard \"api\": extra is not a known field; remove it or fix its spelling (known: defaultAction, destination, intentions, kind, version)",
                "intentions shard \"api\": kind \"vmmesh-ca-bundle\" is not \"vmmesh-intentions-shard\"; this payload is not an intentions shard",
            ]
        },
        {
            """{"destination":"api","intentions":[],"kind":"vmmesh-intentions-shard","version":-1,"defaultAction":"maybe"}""",
            null,
            [
                "intentions shard \"api\": version -1 is not a non-negative integer; publish the shard again",
                "intentions shard \"api\": defaultAction \"maybe\" is not \"allow\" or \"deny\"; publish the shard again",
            ]
        },
        {
            """{"defaultAction":"deny","destination":"api","intentions":[{"destination":"db","sources":[{"name":"web","action":"allow"}]}],"kind":"vmmesh-intentions-shard","version":7}""",
            null,
            ["intentions shard \"api\": intentions[0].destination \"db\" does not match the shard's destination; publish the shard again"]
        },
        {
            """{"defaultAction":"deny","destination":"api","intentions":[{"destination":"api","sources":[{"name":"web","action":"allow","permissions":[]}]}],"kind":"vmmesh-intentions-shard","version":7}""",
            null,
            [
                "intentions shard \"api\": intentions[0]: intentions for \"api\": sources[0] has both action and permissions; keep action for an L4 rule or permissions for an L7 rule",
                "intentions shard \"api\": intentions[0]: intentions for \"api\": sources[0].permissions is empty; list at least one permission or use action",
            ]
        },
        {
            """{"defaultAction":"deny","destination":7,"intentions":[],"kind":"vmmesh-intentions-shard","version":1}""",
            null,
            ["intentions shard: destination must be a string, not a number; fix the value"]
        },
        {
            """{"defaultAction":"deny","destination":"api","intentions":[{},{}],"kind":"vmmesh-intentions-shard"}""",
            null,
            [
                "intentions shard \"api\": version is missing; publish the shard again",
                "intentions shard \"api\": intentions has 2 documents; a shard carries at most one",
            ]
        },
    };

    [Fact]
    public void Parse_NotJson_NamesTheSyntaxError()
    {
        var error = Assert.Single(ShardParser.Parse("not json"u8.ToArray()).Errors);

        Assert.StartsWith("intentions shard: not valid JSON: ", error, StringComparison.Ordinal);
        Assert.EndsWith("; publish the shard again", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ThousandServicesWithTenIntentionsEach_EveryShardWellUnder128KB()
    {
        var names = Enumerable.Range(0, 1_000).Select(i => $"service-{i:D4}").ToArray();
        var documents = names.Select((name, i) => Doc(name, [.. Enumerable.Range(1, 10).Select(k => k % 3 == 0
            ? L7(names[(i + k) % names.Length],
                AllowIf(new HttpMatch(PathPrefix: "/api/v1/orders", Methods: ["GET", "POST"], Header: [new HeaderMatch("x-tenant", Regex: "[a-z0-9-]{1,32}")])),
                DenyIf(new HttpMatch(PathRegex: "/admin(/.*)?")))
            : new IntentionSource(names[(i + k) % names.Length], k % 2 == 0 ? IntentionAction.Allow : IntentionAction.Deny, Description: "owned by the platform team; ticket PLAT-1234"))]));
        var set = IntentionSet.Create(documents, MeshDefaults.DenyByDefault, new IntentionVersion(123_456_789)).GetValueOrThrow();

        var shards = ShardCompiler.Compile(set);
        var largest = shards.MaxBy(s => s.Value.Length);
        output.WriteLine($"{shards.Count} shards; largest is {largest.Key} at {largest.Value.Length} bytes; total {shards.Sum(s => s.Value.Length)} bytes");

        Assert.Equal(1_001, shards.Count);
        Assert.All(shards, s => Assert.True(s.Value.Length < 16 * 1024, $"shard {s.Key} is {s.Value.Length} bytes"));
    }
}
