using System.Formats.Asn1;
using VmMesh.Identity.Tests.Support;
using VmMesh.Identity.Validation;

namespace VmMesh.Identity.Tests.Validation;

public class SubjectAlternativeNamesTests
{
    [Fact]
    public void ReadUris_MixedGeneralNames_ReturnsEveryUriInOrder()
    {
        var der = TestPki.EncodeSan(["spiffe://a/b", "spiffe://a/c"], ["x.example"]);

        Assert.Equal(["spiffe://a/b", "spiffe://a/c"], SubjectAlternativeNames.ReadUris(der).ToArray());
    }

    [Fact]
    public void ReadUris_DnsOnly_ReturnsEmpty()
    {
        Assert.Empty(SubjectAlternativeNames.ReadUris(TestPki.EncodeSan([], ["x.example"])));
    }

    [Theory]
    [InlineData("3000")]
    [InlineData("30")]
    [InlineData("3003860141FF")]
    [InlineData("3003A60141")]
    [InlineData("0400")]
    public void ReadUris_MalformedDer_Throws(string hex)
    {
        Assert.ThrowsAny<AsnContentException>(() => SubjectAlternativeNames.ReadUris(Convert.FromHexString(hex)));
    }
}
