using VmMesh.Policy.Model;
using VmMesh.Policy.Validation;

namespace VmMesh.Policy.Tests.Validation;

public class IntentionValidatorTests
{
    [Fact]
    public void Validate_ValidDocumentBuiltInCode_NoErrors()
    {
        var document = new IntentionDocument("api", [
            new IntentionSource("web", IntentionAction.Allow),
            new IntentionSource("*", Permissions: [new Permission(IntentionAction.Deny, new HttpMatch(PathRegex: "/admin/.*", Header: [new HeaderMatch("x-debug", Present: true)]))]),
        ]);

        Assert.Empty(IntentionValidator.Validate(document));
    }

    [Fact]
    public void Validate_DocumentBuiltInCode_UsesTheCallersIndexesAndTheParsersMessages()
    {
        var document = new IntentionDocument("api", [
            new IntentionSource("web", IntentionAction.Allow),
            new IntentionSource("db", (IntentionAction)7),
            new IntentionSource("web", IntentionAction.Deny, [new Permission(IntentionAction.Allow, new HttpMatch(PathExact: "/x"))]),
        ]);

        Assert.Equal(
            [
                "intentions for \"api\": sources[1].action \"7\" is not a valid action; use \"allow\" or \"deny\"",
                "intentions for \"api\": sources[2].name \"web\" is listed twice (also sources[0]); merge them into one source",
                "intentions for \"api\": sources[2] has both action and permissions; keep action for an L4 rule or permissions for an L7 rule",
            ],
            IntentionValidator.Validate(document));
    }

    [Fact]
    public void Validate_NullsWhereTheModelNeedsValues_ReportedAsMissing()
    {
        var document = new IntentionDocument(null!, [new IntentionSource(null!, IntentionAction.Allow)]);

        Assert.Equal(
            [
                "intentions document: destination is missing; set it to the destination service name or \"*\"",
                "intentions document: sources[0].name is missing; name the calling service or use \"*\"",
            ],
            IntentionValidator.Validate(document));
    }
}
