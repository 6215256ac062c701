using System.Text;
using VmMesh.Policy.Json;
using VmMesh.Policy.Model;
using VmMesh.Policy.Validation;
using static VmMesh.Policy.Tests.Support.Intentions;

namespace VmMesh.Policy.Tests.Json;

public class IntentionDocumentWriterTests
{
    [Fact]
    public void ToCanonicalJson_SortsKeysSourcesAndMethods_KeepsPermissionOrder()
    {
        var document = Doc("api",
            L7("web", AllowIf(new HttpMatch(PathPrefix: "/b", Methods: ["POST", "GET"])), DenyIf(new HttpMatch(Header: [new HeaderMatch("x", Present: true, Invert: true)]))),
            new IntentionSource("*", IntentionAction.Deny, Description: "everyone else"));

        var json = Encoding.UTF8.GetString(IntentionDocumentWriter.ToCanonicalJson(document));

        Assert.Equal(
            """{"destination":"api","sources":[{"action":"deny","description":"everyone else","name":"*"},{"name":"web","permissions":[{"action":"allow","http":{"methods":["GET","POST"],"pathPrefix":"/b"}},{"action":"deny","http":{"header":[{"invert":true,"name":"x","present":true}]}}]}]}""",
            json);
    }

    [Fact]
    public void ToCanonicalJson_ParsedBack_GivesTheSameBytes()
    {
        var document = Doc("api", Allow("web"), L7("*", AllowIf(new HttpMatch(PathRegex: "/v[0-9]+/.*", Header: [new HeaderMatch("x-env", Suffix: "prod")]))));
        var bytes = IntentionDocumentWriter.ToCanonicalJson(document);

        var parsed = IntentionDocumentParser.Parse(bytes).GetValueOrThrow();

        Assert.Equal(bytes, IntentionDocumentWriter.ToCanonicalJson(parsed));
    }
}
