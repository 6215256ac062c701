using VmMesh.Identity.Spiffe;

namespace VmMesh.Identity.Tests.Spiffe;

public class SpiffeIdTests
{
    [Theory]
    [InlineData("spiffe://mesh.test/ns/default/dc/dc1/svc/web", "mesh.test", "/ns/default/dc/dc1/svc/web")]
    [InlineData("spiffe://a/b", "a", "/b")]
    [InlineData("spiffe://td-1_x.y/Path.With-Mixed_Case", "td-1_x.y", "/Path.With-Mixed_Case")]
    [InlineData("spiffe://example.org/a/b/c/d", "example.org", "/a/b/c/d")]
    [InlineData("spiffe://10.0.0.1/x", "10.0.0.1", "/x")]
    [InlineData("spiffe://mesh.test/...", "mesh.test", "/...")]
    [InlineData("spiffe://mesh.test/.hidden/a..b", "mesh.test", "/.hidden/a..b")]
    [InlineData("spiffe://mesh.test/vmmesh/policy-server", "mesh.test", "/vmmesh/policy-server")]
    public void Parse_ValidId_KeepsTrustDomainAndPath(string value, string trustDomain, string path)
    {
        var id = SpiffeId.Parse(value);

        Assert.Equal(trustDomain, id.TrustDomain.Name);
        Assert.Equal(path, id.Path);
        Assert.Equal(value, id.ToString());
        Assert.Equal(value, id.ToUri().OriginalString);
    }

    [Theory]
    [InlineData("", "SPIFFE ID is empty; expected spiffe://<trust-domain>/<path>")]
    [InlineData("mesh.test/ns/web", "SPIFFE ID 'mesh.test/ns/web' must start with 'spiffe://'")]
    [InlineData("https://mesh.test/web", "SPIFFE ID 'https://mesh.test/web' has scheme 'https'; the scheme must be 'spiffe' (lower case)")]
    [InlineData("SPIFFE://mesh.test/web", "SPIFFE ID 'SPIFFE://mesh.test/web' has scheme 'SPIFFE'; the scheme must be 'spiffe' (lower case)")]
    [InlineData("spiffe:/mesh.test/web", "SPIFFE ID 'spiffe:/mesh.test/web' must start with 'spiffe://'")]
    [InlineData("spiffe://mesh.test/web?x=1", "SPIFFE ID 'spiffe://mesh.test/web?x=1' has a query ('?'); SPIFFE IDs must not have one")]
    [InlineData("spiffe://mesh.test/web#frag", "SPIFFE ID 'spiffe://mesh.test/web#frag' has a fragment ('#'); SPIFFE IDs must not have one")]
    [InlineData("spiffe:///web", "SPIFFE ID 'spiffe:///web' has an empty trust domain")]
    [InlineData("spiffe://", "SPIFFE ID 'spiffe://' has an empty trust domain")]
    [InlineData("spiffe://user@mesh.test/web", "SPIFFE ID 'spiffe://user@mesh.test/web' has user info in its trust domain; remove the part up to '@'")]
    [InlineData("spiffe://mesh.test:8443/web", "SPIFFE ID 'spiffe://mesh.test:8443/web' has a port in its trust domain; remove the ':' and what follows it")]
    [InlineData("spiffe://Mesh.test/web", "SPIFFE ID 'spiffe://Mesh.test/web': trust domain 'Mesh.test' has invalid character 'M'; use lower-case letters, digits, '.', '-' and '_'")]
    [InlineData("spiffe://mesh%2Etest/web", "SPIFFE ID 'spiffe://mesh%2Etest/web': trust domain 'mesh%2Etest' has invalid character '%'; use lower-case letters, digits, '.', '-' and '_'")]
    [InlineData("spiffe://mesh.test", "SPIFFE ID 'spiffe://mesh.test' has no path; a workload ID needs one, such as '/ns/default/dc/dc1/svc/web'")]
    [InlineData("spiffe://mesh.test/", "SPIFFE ID 'spiffe://mesh.test/' ends with '/'; remove the trailing slash")]
    [InlineData("spiffe://mesh.test/web/", "SPIFFE ID 'spiffe://mesh.test/web/' ends with '/'; remove the trailing slash")]
    [InlineData("spiffe://mesh.test//web", "SPIFFE ID 'spiffe://mesh.test//web' has an empty path segment ('//')")]
    [InlineData("spiffe://mesh.test/a/./b", "SPIFFE ID 'spiffe://mesh.test/a/./b' has a '.' path segment; '.' and '..' segments are not allowed")]
    [InlineData("spiffe://mesh.test/a/../b", "SPIFFE ID 'spiffe://mesh.test/a/../b' has a '..' path segment; '.' and '..' segments are not allowed")]
    [InlineData("spiffe://mesh.test/..", "SPIFFE ID 'spiffe://mesh.test/..' has a '..' path segment; '.' and '..' segments are not allowed")]
    [InlineData("spiffe://mesh.test/a%2Fb", "SPIFFE ID 'spiffe://mesh.test/a%2Fb' has invalid character '%' in its path; use letters, digits, '.', '-' and '_'")]
    [InlineData("spiffe://mesh.test/a b", "SPIFFE ID 'spiffe://mesh.test/a b' has invalid character ' ' in its path; use letters, digits, '.', '-' and '_'")]
    [InlineData("spiffe://mesh.test/caf\u00e9", "SPIFFE ID 'spiffe://mesh.test/caf\u00e9' has invalid character U+00E9 in its path; use letters, digits, '.', '-' and '_'")]
    [InlineData("spiffe://mesh.test/a\nb", "SPIFFE ID 'spiffe://mesh.test/a\\u000Ab' has invalid character U+000A in its path; use letters, digits, '.', '-' and '_'")]
    public void Parse_InvalidId_ThrowsExactMessage(string value, string message)
    {
        var ex = Assert.Throws<FormatException>(() => SpiffeId.Parse(value));

        Assert.Equal(message, ex.Message);
        Assert.False(SpiffeId.TryParse(value, out var id, out var error));
        Assert.Null(id);
        Assert.Equal(message, error);
    }

    [Fact]
    public void Parse_Exactly2048Bytes_IsAccepted()
    {
        var prefix = "spiffe://mesh.test/";
        var value = prefix + new string('a', SpiffeId.MaxLengthBytes - prefix.Length);

        Assert.Equal(value, SpiffeId.Parse(value).ToString());
    }

    [Fact]
    public void Parse_2049Bytes_RejectedWithoutEchoingTheInput()
    {
        var prefix = "spiffe://mesh.test/";
        var value = prefix + new string('a', SpiffeId.MaxLengthBytes + 1 - prefix.Length);

        var ex = Assert.Throws<FormatException>(() => SpiffeId.Parse(value));

        Assert.Equal("SPIFFE ID is 2049 bytes long; the limit is 2048 bytes", ex.Message);
    }

    [Fact]
    public void Parse_TrustDomainOver255Bytes_Rejected()
    {
        var value = "spiffe://" + new string('a', 256) + "/web";

        var ex = Assert.Throws<FormatException>(() => SpiffeId.Parse(value));

        Assert.Equal($"SPIFFE ID '{value}': trust domain is 256 bytes long; the limit is 255 bytes", ex.Message);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(SpiffeId.TryParse(null, out var id));
        Assert.Null(id);
    }

    [Fact]
    public void ForService_BuildsConsulShapedId_AndReadsItBack()
    {
        var id = SpiffeId.ForService(TrustDomain.Parse("mesh.test"), "dc1", ServiceName.Parse("web"));

        Assert.Equal("spiffe://mesh.test/ns/default/dc/dc1/svc/web", id.ToString());
        Assert.True(id.TryGetServiceName(out var name));
        Assert.Equal(ServiceName.Parse("web"), name);
        Assert.True(id.TryGetDatacenter(out var dc));
        Assert.Equal("dc1", dc);
    }

    [Theory]
    [InlineData("", "Datacenter is empty; use the Consul datacenter name, such as 'dc1'")]
    [InlineData("dc 1", "Datacenter 'dc 1' has invalid character ' '; use letters, digits, '-' and '_'")]
    [InlineData("dc/1", "Datacenter 'dc/1' has invalid character '/'; use letters, digits, '-' and '_'")]
    public void ForService_InvalidDatacenter_ThrowsExactMessage(string datacenter, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => SpiffeId.ForService(TrustDomain.Parse("mesh.test"), datacenter, ServiceName.Parse("web")));

        Assert.Equal(message + " (Parameter 'datacenter')", ex.Message);
    }

    [Fact]
    public void PolicyServer_HasFixedPath()
    {
        var id = SpiffeId.PolicyServer(TrustDomain.Parse("mesh.test"));

        Assert.Equal("spiffe://mesh.test/vmmesh/policy-server", id.ToString());
        Assert.False(id.TryGetServiceName(out _));
    }

    [Theory]
    [InlineData("spiffe://mesh.test/ns/default/dc/dc1/svc/Web")]
    [InlineData("spiffe://mesh.test/ns/other/dc/dc1/svc/web")]
    [InlineData("spiffe://mesh.test/ns/default/dc/dc1/svc/web/extra")]
    [InlineData("spiffe://mesh.test/ns/default/dc/dc1/api/web")]
    public void TryGetServiceName_OtherShapes_ReturnFalse(string value)
    {
        var id = SpiffeId.Parse(value);

        Assert.False(id.TryGetServiceName(out var name));
        Assert.Null(name);
        Assert.False(id.TryGetDatacenter(out _));
    }

    [Fact]
    public void Equality_IsOrdinalOnTheWholeId()
    {
        var a = SpiffeId.Parse("spiffe://mesh.test/ns/default/dc/dc1/svc/web");
        var b = SpiffeId.Parse("spiffe://mesh.test/ns/default/dc/dc1/svc/web");
        var c = SpiffeId.Parse("spiffe://mesh.test/ns/default/dc/dc1/svc/Web");

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.True(a != c);
    }
}
