using VmMesh.Identity.Spiffe;

namespace VmMesh.Identity.Tests.Spiffe;

public class ServiceNameTests
{
    [Theory]
    [InlineData("web")]
    [InlineData("a")]
    [InlineData("api-v2")]
    [InlineData("0day")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij123")]
    public void Parse_Valid_KeepsValue(string value) => Assert.Equal(value, ServiceName.Parse(value).Value);

    [Theory]
    [InlineData("", "Service name is empty; use lower-case letters, digits and '-', such as 'web'")]
    [InlineData("Web", "Service name 'Web' has invalid character 'W'; use lower-case letters, digits and '-'")]
    [InlineData("web_api", "Service name 'web_api' has invalid character '_'; use lower-case letters, digits and '-'")]
    [InlineData("web.api", "Service name 'web.api' has invalid character '.'; use lower-case letters, digits and '-'")]
    [InlineData("-web", "Service name '-web' starts or ends with '-'; start and end it with a letter or digit")]
    [InlineData("web-", "Service name 'web-' starts or ends with '-'; start and end it with a letter or digit")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234", "Service name 'abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234' is 64 characters long; the limit is 63")]
    public void Parse_Invalid_ThrowsExactMessage(string value, string message)
    {
        var ex = Assert.Throws<FormatException>(() => ServiceName.Parse(value));

        Assert.Equal(message, ex.Message);
    }
}
