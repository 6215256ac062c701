using VmMesh.Identity.Authority;

namespace VmMesh.Identity.Tests.Authority;

public class CryptoRandomTests
{
    [Fact]
    public void NextDouble_ManyDraws_StayInUnitIntervalAndVary()
    {
        var draws = Enumerable.Range(0, 1000).Select(_ => CryptoRandom.Instance.NextDouble()).ToList();

        Assert.All(draws, d => Assert.InRange(d, 0.0, Math.BitDecrement(1.0)));
        Assert.True(draws.Distinct().Count() > 990);
    }

    [Fact]
    public void NextBytes_FillsTheBuffer()
    {
        var a = new byte[32];
        var b = new byte[32];

        CryptoRandom.Instance.NextBytes(a);
        CryptoRandom.Instance.NextBytes(b.AsSpan());

        Assert.NotEqual(a, b);
        Assert.NotEqual(new byte[32], a);
    }

    [Fact]
    public void Next_Range_IsRespected()
    {
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.InRange(CryptoRandom.Instance.Next(5, 10), 5, 9));
    }
}
