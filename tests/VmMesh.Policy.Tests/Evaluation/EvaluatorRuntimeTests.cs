using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Model;
using static VmMesh.Policy.Tests.Support.Intentions;

namespace VmMesh.Policy.Tests.Evaluation;

public class EvaluatorRuntimeTests
{
    private static readonly IntentionSet Sample = Set(
        Doc("api",
            Allow("web"),
            L7("*",
                DenyIf(new HttpMatch(PathRegex: "/admin(/.*)?", Header: [new HeaderMatch("x-debug", Present: true, Invert: true)])),
                AllowIf(new HttpMatch(PathPrefix: "/public", Methods: ["GET", "HEAD"], Header: [new HeaderMatch("x-env", Suffix: "prod")])))),
        Doc("*", Deny("batch")));

    private static readonly IntentionRequest[] Requests =
    [
        L4("web", "api"),
        Http("cache", "api", "GET", "/public/x", ("x-env", "eu-prod")),
        Http("cache", "api", "GET", "/admin/x"),
        Http("batch", "db", "GET", "/"),
        L4("cache", "db"),
    ];

    [Fact]
    public void Evaluate_WarmedUp_AllocatesNothing()
    {
        foreach (var request in Requests)
        {
            Sample.Evaluate(request);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            foreach (var request in Requests)
            {
                Sample.Evaluate(request);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Evaluate_SameRequestTwice_ReturnsTheSamePrecomputedDecision()
    {
        Assert.Same(Sample.Evaluate(Requests[1]), Sample.Evaluate(Requests[1]));
    }

    [Fact]
    public void Evaluate_FromManyThreads_SameAnswersAsOneThread()
    {
        var expected = Requests.Select(r => Sample.Evaluate(r)).ToArray();
        var mismatches = 0;

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            if (!ReferenceEquals(expected[i % Requests.Length], Sample.Evaluate(Requests[i % Requests.Length])))
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Evaluate_SampleDecisions_AreTheExpectedOnes()
    {
        Assert.Equal(
            [true, true, false, false, false],
            Requests.Select(r => Sample.Evaluate(r).Allowed).ToArray());
        Assert.Equal(
            [DecisionBasis.L4Action, DecisionBasis.Permission, DecisionBasis.Permission, DecisionBasis.L4Action, DecisionBasis.MeshDefault],
            Requests.Select(r => Sample.Evaluate(r).Basis).ToArray());
    }

    [Fact]
    public void Create_KeepsVersionDefaultsAndSortedDocuments()
    {
        var set = IntentionSet.Create([Doc("db", Allow("web")), Doc("*", Deny("x")), Doc("api", Allow("web"))], new MeshDefaults(IntentionAction.Allow), new IntentionVersion(42))
            .GetValueOrThrow();

        Assert.Equal(new IntentionVersion(42), set.Version);
        Assert.Equal(IntentionAction.Allow, set.Defaults.DefaultAction);
        Assert.Equal(["*", "api", "db"], set.Documents.Select(d => d.Destination).ToArray());
        Assert.Equal("web", set.GetDocument("db")!.Sources[0].Name);
        Assert.Null(set.GetDocument("cache"));
    }
}
