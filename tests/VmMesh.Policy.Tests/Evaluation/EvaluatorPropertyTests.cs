using CsCheck;
using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Model;
using VmMesh.Policy.Tests.Support;
using Xunit.Abstractions;

namespace VmMesh.Policy.Tests.Evaluation;

/// <summary>Differential test: the compiled evaluator against <see cref="ReferenceEvaluator"/> on random universes.</summary>
public class EvaluatorPropertyTests(ITestOutputHelper output)
{
    private const int Sets = 2_500;
    private const int RequestsPerSet = 8;

    private static readonly string[] AllNames = ["web", "api", "db", "cache", "auth", "billing"];
    private static readonly string[] ExactPaths = ["/", "/a", "/a/b", "/admin", "/api/v1"];
    private static readonly string[] Prefixes = ["/", "/a", "/ad", "/api"];
    private static readonly string[] PathRegexes = ["/a.*", "/api/v[0-9]+", "/(a|b)", ".*b", "/admin(/.*)?"];
    private static readonly string[] RequestPaths = ["/", "/a", "/a/b", "/ab", "/admin", "/admin/x", "/api/v1", "/api/v12", "/b", "/a?x=1", "/admin?y=/a", "/x/b"];
    private static readonly string[] Methods = ["GET", "POST", "DELETE"];
    private static readonly string[] RequestMethods = ["GET", "POST", "DELETE", "PUT"];
    private static readonly string[] HeaderNames = ["x-env", "x-user"];
    private static readonly string[] RequestHeaderNames = ["x-env", "X-Env", "x-user", "x-other"];
    private static readonly string[] HeaderValues = ["prod", "dev", "pr", "d"];
    private static readonly string[] RequestHeaderValues = ["prod", "dev", "preprod", "pr", "", "d,prod"];
    private static readonly string[] HeaderRegexes = ["p.*", "d[a-z]v", "(prod|dev)"];

    private static readonly Gen<IntentionAction> Action = Gen.Bool.Select(b => b ? IntentionAction.Allow : IntentionAction.Deny);

    private static readonly Gen<HeaderMatch> Header = Gen.Select(
        Gen.OneOf(HeaderNames), Gen.Int[0, 4], Gen.OneOf(HeaderValues), Gen.OneOf(HeaderRegexes), Gen.Bool,
        (name, kind, value, regex, invert) => kind switch
        {
            0 => new HeaderMatch(name, Present: true, Invert: invert),
            1 => new HeaderMatch(name, Exact: value, Invert: invert),
            2 => new HeaderMatch(name, Prefix: value, Invert: invert),
            3 => new HeaderMatch(name, Suffix: value, Invert: invert),
            _ => new HeaderMatch(name, Regex: regex, Invert: invert),
        });

    private static readonly Gen<HttpMatch> Http = Gen.Select(
        Gen.Int[0, 3], Gen.OneOf(ExactPaths), Gen.OneOf(Prefixes), Gen.OneOf(PathRegexes), Gen.Bool.Array[Methods.Length], Header.Array[0, 1],
        (pathKind, exact, prefix, regex, methodFlags, headers) =>
        {
            string[] methods = [.. Methods.Where((_, i) => methodFlags[i])];
            if (pathKind == 0 && methods.Length == 0 && headers.Length == 0)
            {
                methods = ["GET"];
            }

            return new HttpMatch(
                PathExact: pathKind == 1 ? exact : null,
                PathPrefix: pathKind == 2 ? prefix : null,
                PathRegex: pathKind == 3 ? regex : null,
                Methods: methods,
                Header: headers);
        });

    private static readonly Gen<Permission[]> Permissions = Gen.Select(Action, Http, (a, h) => new Permission(a, h)).Array[1, 3];

    /// <summary>A whole case: universe, documents, default, requests.</summary>
    private static readonly Gen<Case> Cases = Gen.Int[4, 6].SelectMany(size =>
    {
        string[] universe = [.. AllNames.Take(size), "*"];
        var pairs = universe.Length * universe.Length;
        var requestSources = AllNames.Take(size).Append("outsider").ToArray();
        var requestDestinations = AllNames.Take(size).Append("elsewhere").ToArray();
        var request = Gen.Select(
            Gen.OneOf(requestSources), Gen.OneOf(requestDestinations), Gen.Int[0, 4], Gen.OneOf(RequestMethods), Gen.OneOf(RequestPaths),
            Gen.Select(Gen.OneOf(RequestHeaderNames), Gen.OneOf(RequestHeaderValues)).Array[0, 3],
            (source, destination, shape, method, path, headers) => new ReferenceEvaluator.Request(
                source,
                destination,
                shape is 0 or 3 ? null : method,
                shape is 0 or 4 ? null : path,
                [.. headers]));
        return Gen.Select(
            Gen.Int[0, 9].Array[pairs], Action.Array[pairs], Permissions.Array[pairs], Action, request.Array[RequestsPerSet],
            (kinds, actions, permissions, defaultAction, requests) =>
            {
                var documents = new List<IntentionDocument>();
                for (var d = 0; d < universe.Length; d++)
                {
                    var sources = new List<IntentionSource>();
                    for (var s = 0; s < universe.Length; s++)
                    {
                        var k = (d * universe.Length) + s;
                        if (kinds[k] >= 6)
                        {
                            sources.Add(kinds[k] >= 8
                                ? new IntentionSource(universe[s], Permissions: permissions[k])
                                : new IntentionSource(universe[s], actions[k]));
                        }
                    }

                    if (sources.Count > 0)
                    {
                        documents.Add(new IntentionDocument(universe[d], sources));
                    }
                }

                return new Case(documents, defaultAction, requests);
            });
    });

    [Fact]
    public void Evaluate_RandomIntentionsAndRequests_AgreesWithTheReferenceModel()
    {
        var cases = 0;
        var disagreements = 0;
        var kinds = new int[6];

        Cases.Sample(c =>
        {
            var set = IntentionSet.Create(c.Documents, new MeshDefaults(c.DefaultAction), new IntentionVersion(1)).GetValueOrThrow();
            foreach (var r in c.Requests)
            {
                var headers = new IntentionHeaders(r.Headers.Select(h => KeyValuePair.Create(h.Name, h.Value)));
                var decision = set.Evaluate(new IntentionRequest(r.Source, r.Destination, r.Method, r.Path, headers));
                Interlocked.Increment(ref cases);
                Interlocked.Increment(ref kinds[(int)decision.Basis]);
                if (decision.Allowed != ReferenceEvaluator.Allowed(c.Documents, c.DefaultAction, r))
                {
                    Interlocked.Increment(ref disagreements);
                    return false;
                }
            }

            return true;
        }, iter: Sets);

        output.WriteLine($"{cases} random cases, {disagreements} disagreements; decided by {string.Join(", ", Enum.GetValues<DecisionBasis>().Select(b => $"{b}={kinds[(int)b]}"))}");
        Assert.Equal(0, disagreements);
        Assert.True(cases >= 10_000, $"only {cases} cases ran");
        Assert.All(Enum.GetValues<DecisionBasis>().Where(b => b != DecisionBasis.FailedClosed), b => Assert.True(kinds[(int)b] > 0, $"no case was decided by {b}"));
    }

    /// <summary>One random universe: its documents, mesh default and requests.</summary>
    internal sealed record Case(IReadOnlyList<IntentionDocument> Documents, IntentionAction DefaultAction, ReferenceEvaluator.Request[] Requests)
    {
        public override string ToString() =>
            string.Join(" ", Documents.Select(d => System.Text.Encoding.UTF8.GetString(VmMesh.Policy.Json.IntentionDocumentWriter.ToCanonicalJson(d))))
            + $" default={DefaultAction} requests={string.Join("; ", Requests.Select(r => $"{r.Source}->{r.Destination} {r.Method} {r.Path} [{string.Join(",", r.Headers.Select(h => $"{h.Name}={h.Value}"))}]"))}";
    }
}
