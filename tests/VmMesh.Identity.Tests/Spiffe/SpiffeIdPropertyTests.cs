using System.Text.RegularExpressions;
using CsCheck;
using VmMesh.Identity.Spiffe;

namespace VmMesh.Identity.Tests.Spiffe;

/// <summary>Random IDs checked against an independent reference model of the go-spiffe rules (matrix row B5).</summary>
public partial class SpiffeIdPropertyTests
{
    // Characters near the edges of the rules: valid ones, separators and the usual smuggling characters.
    private static readonly Gen<string> Tail = Gen.String[Gen.Char["abzAZ09.-_/?#@:% "], 0, 24];

    private static readonly Gen<string> Candidate =
        from prefix in Gen.OneOf("spiffe://", "spiffe://", "spiffe://", "SPIFFE://", "spiffe:/", string.Empty)
        from tail in Tail
        select prefix + tail;

    [Fact]
    public void TryParse_RandomInput_AgreesWithReferenceModel()
    {
        Candidate.Sample(value =>
        {
            var parsed = SpiffeId.TryParse(value, out var id, out var error);
            Assert.True(parsed == ReferenceIsValid(value), $"'{value}': parser said {parsed} ({error})");
            if (parsed)
            {
                Assert.Equal(value, id!.ToString());
            }
        }, iter: 50_000);
    }

    [Fact]
    public void Parse_GeneratedValidId_RoundTrips()
    {
        var segment = Gen.String[Gen.Char["abcXYZ019.-_"], 1, 12].Where(s => s is not "." and not "..");
        var gen =
            from td in Gen.String[Gen.Char["abc019.-_"], 1, 20]
            from segments in segment.Array[1, 6]
            select $"spiffe://{td}/{string.Join('/', segments)}";

        gen.Sample(value => Assert.Equal(value, SpiffeId.Parse(value).ToString()), iter: 20_000);
    }

    private static bool ReferenceIsValid(string value)
    {
        var match = ReferenceShape().Match(value);
        return match.Success
            && value.Length <= SpiffeId.MaxLengthBytes
            && match.Groups["td"].Value.Length <= TrustDomain.MaxLengthBytes
            && value[(9 + match.Groups["td"].Value.Length)..].Split('/').Skip(1).All(s => s is not "." and not "..");
    }

    [GeneratedRegex("^spiffe://(?<td>[a-z0-9._-]+)(/[A-Za-z0-9._-]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceShape();
}
