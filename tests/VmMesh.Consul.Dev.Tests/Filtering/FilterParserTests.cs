using System.Text.Json;
using VmMesh.Consul.Dev.Filtering;

namespace VmMesh.Consul.Dev.Tests.Filtering;

public sealed class FilterParserTests
{
    private static readonly JsonElement Entry = JsonDocument.Parse("""
        {"Node":{"Node":"node-a","Meta":{"os":"linux"}},
         "Service":{"ID":"web-1","Service":"web","Kind":"","Tags":["v1","http"],"Meta":{"version":"1.4.2","my-key":"x"},"Port":8080},
         "Checks":[{"Status":"passing"},{"Status":"warning"}]}
        """).RootElement;

    [Theory]
    [InlineData("Service.Service == \"web\"", true)]
    [InlineData("Service.Service != \"web\"", false)]
    [InlineData("\"v1\" in Service.Tags", true)]
    [InlineData("\"v2\" not in Service.Tags", true)]
    [InlineData("Service.Tags contains \"http\"", true)]
    [InlineData("Service.Tags not contains \"http\"", false)]
    [InlineData("Service.Meta.version == \"1.4.2\"", true)]
    [InlineData("Service.Meta[\"my-key\"] == `x`", true)]
    [InlineData("Service.Kind is empty", true)]
    [InlineData("Service.Tags is not empty", true)]
    [InlineData("Service.Meta.missing is empty", true)]
    [InlineData("Service.ID matches \"^web-[0-9]+$\"", true)]
    [InlineData("Service.ID not matches \"^api\"", true)]
    [InlineData("Checks.Status == \"warning\"", true)]
    [InlineData("Service.Port == 8080", true)]
    [InlineData("Node.Node == \"node-a\" and Node.Meta.os == \"windows\"", false)]
    [InlineData("Node.Node == \"node-b\" or Node.Meta.os == \"linux\"", true)]
    [InlineData("not (Service.Service == \"web\")", false)]
    [InlineData("(Service.Service == \"api\" or Service.Service == \"web\") and \"v1\" in Service.Tags", true)]
    public void Evaluate_Expression(string expression, bool expected)
        => Assert.Equal(expected, FilterParser.Parse(expression).Evaluate(Entry));

    [Theory]
    [InlineData("Node == host-name")]
    [InlineData("Service.Service ==")]
    [InlineData("Service.Service = \"web\"")]
    [InlineData("(Service.Service == \"web\"")]
    [InlineData("Service.Meta[\"k\" == \"v\"")]
    public void Parse_Invalid_Throws(string expression)
        => Assert.Throws<FilterSyntaxException>(() => FilterParser.Parse(expression));

    [Fact]
    public void Compile_Invalid_Is500WithEvaluatorPrefix()
    {
        var error = Assert.Throws<VmMesh.Consul.Dev.Http.ConsulHttpError>(() => ResponseFilter.Compile("Service =="));
        Assert.Equal(500, error.Status);
        Assert.StartsWith("Failed to create boolean expression evaluator: 1:", error.Message, StringComparison.Ordinal);
    }
}
