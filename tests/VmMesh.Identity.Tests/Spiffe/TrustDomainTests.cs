using VmMesh.Identity.Spiffe;

namespace VmMesh.Identity.Tests.Spiffe;

public class TrustDomainTests
{
    [Theory]
    [InlineData("", "Trust domain is empty; use a DNS-like name such as 'mesh.example.com'")]
    [InlineData("Mesh.test", "Trust domain 'Mesh.test' has invalid character 'M'; use lower-case letters, digits, '.', '-' and '_'")]
    [InlineData("mesh.test:80", "Trust domain 'mesh.test:80' has invalid character ':'; use lower-case letters, digits, '.', '-' and '_'")]
    [InlineData("spiffe://mesh.test", "Trust domain 'spiffe://mesh.test' has invalid character ':'; use lower-case letters, digits, '.', '-' and '_'")]
    public void Parse_Invalid_ThrowsExactMessage(string value, string message)
    {
        var ex = Assert.Throws<FormatException>(() => TrustDomain.Parse(value));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Parse_Valid_ExposesNameAndIdString()
    {
        var td = TrustDomain.Parse("mesh_1.example-org");

        Assert.Equal("mesh_1.example-org", td.Name);
        Assert.Equal("spiffe://mesh_1.example-org", td.IdString);
        Assert.Equal(TrustDomain.Parse("mesh_1.example-org"), td);
    }

    [Fact]
    public void Contains_IdOfOtherDomain_IsFalse()
    {
        var td = TrustDomain.Parse("mesh.test");

        Assert.True(td.Contains(SpiffeId.Parse("spiffe://mesh.test/a")));
        Assert.False(td.Contains(SpiffeId.Parse("spiffe://mesh.test2/a")));
    }
}
