using VmMesh.Consul.Dev.Json;

namespace VmMesh.Consul.Dev.Tests.Json;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0", 0)]
    [InlineData("300000ms", 300_000)]
    public void TryParse_Valid_ReturnsValue(string text, long millis)
    {
        Assert.True(GoDuration.TryParse(text, out var value, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(millis), value);
    }

    [Theory]
    [InlineData("nope", "time: invalid duration \"nope\"")]
    [InlineData("10", "time: missing unit in duration \"10\"")]
    [InlineData("10x", "time: unknown unit \"x\" in duration \"10x\"")]
    [InlineData("", "time: invalid duration \"\"")]
    public void TryParse_Invalid_GivesGoError(string text, string error)
    {
        Assert.False(GoDuration.TryParse(text, out _, out var message));
        Assert.Equal(error, message);
    }

    [Theory]
    [InlineData(10_000, "10s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_600_000, "1h0m0s")]
    [InlineData(500, "500ms")]
    [InlineData(0, "0s")]
    [InlineData(1_500, "1.5s")]
    [InlineData(86_400_000, "24h0m0s")]
    public void Format_MatchesGo(long millis, string expected)
        => Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(millis)));
}
