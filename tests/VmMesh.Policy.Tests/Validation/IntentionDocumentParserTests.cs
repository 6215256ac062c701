using VmMesh.Policy.Model;
using VmMesh.Policy.Validation;

namespace VmMesh.Policy.Tests.Validation;

public class IntentionDocumentParserTests
{
    [Fact]
    public void Parse_DocumentFromTheContract_ReadsEveryField()
    {
        var result = IntentionDocumentParser.Parse("""
            {"destination":"api","sources":[
              {"name":"web","action":"allow","description":"front end"},
              {"name":"*","permissions":[{"action":"allow","http":{"pathPrefix":"/public","methods":["GET"],
                "header":[{"name":"x-env","exact":"prod","invert":true}]}}]}]}
            """);

        Assert.Empty(result.Errors);
        var document = result.Value!;
        Assert.Equal("api", document.Destination);
        Assert.Equal(2, document.Sources.Count);
        Assert.Equal(new IntentionSource("web", IntentionAction.Allow, null, "front end"), document.Sources[0]);
        var wildcard = document.Sources[1];
        Assert.Equal("*", wildcard.Name);
        Assert.Null(wildcard.Action);
        var permission = Assert.Single(wildcard.Permissions!);
        Assert.Equal(IntentionAction.Allow, permission.Action);
        Assert.Equal("/public", permission.Http.PathPrefix);
        Assert.Equal(["GET"], permission.Http.Methods!);
        Assert.Equal(new HeaderMatch("x-env", Exact: "prod", Invert: true), Assert.Single(permission.Http.Header!));
    }

    [Fact]
    public void Parse_NullForOptionalFields_TreatsThemAsAbsent()
    {
        var result = IntentionDocumentParser.Parse("""{"destination":"api","sources":[{"name":"web","action":"deny","permissions":null,"description":null}]}""");

        Assert.Empty(result.Errors);
        Assert.Equal(IntentionAction.Deny, result.Value!.Sources[0].Action);
    }

    [Theory]
    [InlineData("web")]
    [InlineData("a")]
    [InlineData("api-v2")]
    [InlineData("0cache")]
    [InlineData("*")]
    public void Parse_ValidNames_Accepted(string name)
    {
        var result = IntentionDocumentParser.Parse($$"""{"destination":"{{name}}","sources":[{"name":"{{name}}","action":"allow"}]}""");

        Assert.Empty(result.Errors);
    }

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public void Parse_InvalidDocument_ReportsEveryErrorExactly(string json, string[] expected)
    {
        var result = IntentionDocumentParser.Parse(json);

        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Equal(string.Join(Environment.NewLine, expected), string.Join(Environment.NewLine, result.Errors));
    }

    public static TheoryData<string, string[]> InvalidDocuments() => new()
    {
        {
            """{"destination":"api","sources":[{"name":"web","action":"allow"}],"meta":{}}""",
            ["intentions for \"api\": meta is not a known field; remove it or fix its spelling (known: destination, sources)"]
        },
        {
            """{"destination":"api","sources":[{"name":"web","acton":"allow"}]}""",
            [
                "intentions for \"api\": sources[0].acton is not a known field; remove it or fix its spelling (known: name, action, permissions, description)",
                "intentions for \"api\": sources[0] has neither action nor permissions; set action to \"allow\" or \"deny\", or list permissions",
            ]
        },
        {
            """{"destination":"api","sources":[{"name":"web","action":"allow"},{"name":"*","permissions":[{"action":"allow","http":{"pathRegex":"([a-z"}}]}]}""",
            ["intentions for \"api\": sources[1].permissions[0].http.pathRegex \"([a-z\" is not a valid regular expression: unterminated bracket at offset 5; fix the pattern"]
        },
        {
            """{"destination":"api","sources":[{"name":"web","action":"allow"},{"name":"db","action":"deny"},{"name":"web","action":"deny"}]}""",
            ["intentions for \"api\": sources[2].name \"web\" is listed twice (also sources[0]); merge them into one source"]
        },
        {
            """{"destination":"api","sources":[{"name":"web","action":"allow","permissions":[{"action":"deny","http":{"pathPrefix":"/"}}]}]}""",
            ["intentions for \"api\": sources[0] has both action and permissions; keep action for an L4 rule or permissions for an L7 rule"]
        },
        {
            """{"destination":"api","sources":[{"name":"web"}]}""",
            ["intentions for \"api\": sources[0] has neither action nor permissions; set action to \"allow\" or \"deny\", or list permissions"]
        },
        {
            """{"destination":"api","sources":[{"name":"web","action":"Allow"}]}""",
            ["intentions for \"api\": sources[0].action \"Allow\" is not a valid action; use \"allow\" or \"deny\""]
        },
        {
            """{"destination":"api","sources":[{"name":"web","permissions":[{"action":"allow","http":{"methods":["get","FETCH","GET","GET"]}}]}]}""",
            [
                "intentions for \"api\": sources[0].permissions[0].http.methods[0] \"get\" is not an HTTP method; write it in upper case: \"GET\"",
                "intentions for \"api\": sources[0].permissions[0].http.methods[1] \"FETCH\" is not an HTTP method; use GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE or PATCH",
                "intentions for \"api\": sources[0].permissions[0].http.methods[3] \"GET\" is listed twice; remove the duplicate",
            ]
        },
        {
            """{"destination":"Api","sources":[{"name":"web_1","action":"allow"},{"name":"-web","action":"allow"},{"name":"","action":"allow"}]}""",
            [
                "intentions for \"Api\": destination \"Api\" is not a valid service name; use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit, or \"*\"",
                "intentions for \"Api\": sources[0].name \"web_1\" is not a valid service name; use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit, or \"*\"",
                "intentions for \"Api\": sources[1].name \"-web\" is not a valid service name; use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit, or \"*\"",
                "intentions for \"Api\": sources[2].name \"\" is not a valid service name; use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit, or \"*\"",
            ]
        },
        {
            $$"""{"destination":"{{new string('a', 64)}}","sources":[{"name":"web","action":"allow"}]}""",
            [$"intentions for \"{new string('a', 64)}\": destination \"{new string('a', 64)}\" is not a valid service name; use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit, or \"*\""]
        },
        {
            """{"sources":[{"action":"allow"}]}""",
            [
                "intentions document: destination is missing; set it to the destination service name or \"*\"",
                "intentions document: sources[0].name is missing; name the calling service or use \"*\"",
            ]
        },
        {
            """{"destination":"api"}""",
            ["intentions for \"api\": sources is missing; list at least one source"]
        },
        {
            """{"destination":"api","sources":[]}""",
            ["intentions for \"api\": sources is empty; list at least one source"]
        },
        {
            """[{"destination":"api"}]""",
            ["intentions document: must be a JSON object, not an array; write {\"destination\": \"api\", \"sources\": [ ... ]}"]
        },
        {
            """{"destination":"api","sources":[{"name":"web","permissions":[]}]}""",
            ["intentions for \"api\": sources[0].permissions is empty; list at least one permission or use action"]
        },
        {
            """{"destination":"api","sources":[{"name":"web","permissions":[{"action":"allow"},{"http":{"pathExact":"/a"}}]}]}""",
            [
                "intentions for \"api\": sources[0].permissions[0].http is missing; set pathExact, pathPrefix, pathRegex, methods or header",
                "intentions for \"api\": sources[0].permissions[1].action is missing; set it to \"allow\" or \"deny\"",
            ]
        },
        {
            """{"destination":"api","sources":[{"name":"web","permissions":[{"action":"allow","http":{}},{"action":"allow","http":{"methods":[],"header":[]}}]}]}""",
            [
                "intentions for \"api\": sources[0].permissions[0].http has no matcher; set pathExact, pathPrefix, pathRegex, methods or header",
                "intentions for \"api\": sources[0].permissions[1].http has no matcher; set pathExact, pathPrefix, pathRegex, methods or header",
            ]
        },
        {
            """{"destination":"api","sources":[{"name":"web","permissions":[{"action":"allow","http":{"pathExact":"/a","pathPrefix":"/b","pathRegex":"/c"}}]}]}""",
            ["intentions for \"api\": sources[0].permissions[0].http has pathExact and pathPrefix and pathRegex; keep at most one of pathExact, pathPrefix, pathRegex"]
        },
        {
            """{"destination":"api","sources":[{"name":"web","permissions":[{"action":"allow","http":{"pathPrefix":"public"}},{"action":"deny","http":{"pathExact":""}}]}]}""",
            [
                "intentions for \"api\": sources[0].permissions[0].http.pathPrefix \"public\" does not start with \"/\"; write \"/public\"",
                "intentions for \"api\": sources[0].permissions[1].http.pathExact \"\" does not start with \"/\"; write \"/\"",
            ]
        },
        {
            $$$"""{"destination":"api","sources":[{"name":"web","permissions":[{"action":"allow","http":{"pathRegex":"/{{{new string('a', 1025)}}}"}}]}]}""",
            ["intentions for \"api\": sources[0].permissions[0].http.pathRegex is 1026 characters long; the limit is 1024, shorten the pattern"]
        },
        {
            """{"destination":"api","sources":[{"name":"web","permissions":[{"action":"allow","http":{"pathRegex":"/(a)\\1"}}]}]}""",
            ["intentions for \"api\": sources[0].permissions[0].http.pathRegex \"/(a)\\\\1\" is not a valid regular expression: backreferences, lookarounds, atomic groups and conditionals are not supported (RE2 has none of them either); fix the pattern"]
        },
        {
            """{"destination":"api","sources":[{"name":"web","permissions":[{"action":"allow","http":{"pathRegex":"/a)|(.*"}}]}]}""",
            ["intentions for \"api\": sources[0].permissions[0].http.pathRegex \"/a)|(.*\" is not a valid regular expression: insufficient opening parentheses at offset 3; fix the pattern"]
        },
        {
            """{"destination":"api","sources":[{"name":"web","permissions":[{"action":"deny","http":{"header":[{"name":"x-a"},{"name":"x-b","exact":"1","prefix":"2"},{"name":"x-c","present":false},{"exact":"1"},{"name":"x y","present":true},{"name":"x-d","prefix":""},{"name":"x-e","regex":"[z"}]}}]}]}""",
            [
                "intentions for \"api\": sources[0].permissions[0].http.header[0] has no matcher; set exactly one of present, exact, prefix, suffix or regex",
                "intentions for \"api\": sources[0].permissions[0].http.header[1] has exact and prefix; set exactly one of present, exact, prefix, suffix or regex",
                "intentions for \"api\": sources[0].permissions[0].http.header[2].present is false; remove it, or to require that the header is absent use \"present\": true with \"invert\": true",
                "intentions for \"api\": sources[0].permissions[0].http.header[3].name is missing; name the header to match",
                "intentions for \"api\": sources[0].permissions[0].http.header[4].name \"x y\" is not a valid header name; use letters, digits and !#$%&'*+-.^_`|~",
                "intentions for \"api\": sources[0].permissions[0].http.header[5].prefix is empty; use \"present\": true to match any value",
                "intentions for \"api\": sources[0].permissions[0].http.header[6].regex \"[z\" is not a valid regular expression: unterminated bracket at offset 2; fix the pattern",
            ]
        },
        {
            """{"destination":"api","sources":[{"name":7,"action":true,"description":["x"]},{"name":"db","permissions":{"action":"allow"}},"web"]}""",
            [
                "intentions for \"api\": sources[0].name must be a string, not a number; fix the value",
                "intentions for \"api\": sources[0].action must be a string, not a boolean; fix the value",
                "intentions for \"api\": sources[0].description must be a string, not an array; fix the value",
                "intentions for \"api\": sources[1].permissions must be a JSON array, not an object; write [ ... ]",
                "intentions for \"api\": sources[2] must be a JSON object, not a string; write {\"name\": \"web\", \"action\": \"allow\"}",
            ]
        },
        {
            """{"destination":"api","sources":[{"name":"web","permissions":[{"action":"allow","http":{"header":[{"name":"x","present":true,"invert":"yes"}]}}]}]}""",
            ["intentions for \"api\": sources[0].permissions[0].http.header[0].invert must be true or false, not a string; fix the value"]
        },
        {
            """{"destination":"api","sources":[{"name":"web","action":"allow","action":"deny"}]}""",
            ["intentions for \"api\": sources[0].action is given more than once; keep one"]
        },
        {
            """{"destination":"api\nforged: line","sources":[{"name":"web","action":"allow"}]}""",
            [
                "intentions for \"api\\nforged: line\": destination \"api\\nforged: line\" is not a valid service name; use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit, or \"*\"",
            ]
        },
    };

    [Fact]
    public void Parse_InvalidJson_NamesTheSyntaxError()
    {
        var result = IntentionDocumentParser.Parse("""{"destination":"api",}""");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("intentions document: not valid JSON: ", error, StringComparison.Ordinal);
        Assert.EndsWith("; fix the syntax", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ManyProblems_CollectsAllNotJustTheFirst()
    {
        var result = IntentionDocumentParser.Parse("""
            {"destination":"api","extra":1,"sources":[
              {"name":"Web","action":"maybe"},
              {"name":"db","permissions":[{"action":"allow","http":{"pathPrefix":"x","methods":["YANK"]}}]}]}
            """);

        Assert.Equal(5, result.Errors.Count);
    }

    [Fact]
    public void GetValueOrThrow_Invalid_ThrowsWithEveryErrorOnItsOwnLine()
    {
        var result = IntentionDocumentParser.Parse("""{"destination":"api","sources":[{"name":"a"},{"name":"b"}]}""");

        var error = Assert.Throws<InvalidOperationException>(() => result.GetValueOrThrow());
        Assert.Equal(
            "intentions for \"api\": sources[0] has neither action nor permissions; set action to \"allow\" or \"deny\", or list permissions"
            + Environment.NewLine
            + "intentions for \"api\": sources[1] has neither action nor permissions; set action to \"allow\" or \"deny\", or list permissions",
            error.Message);
    }
}
