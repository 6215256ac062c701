using VmMesh.Consul.Json;

namespace VmMesh.Consul.Tests.Json;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(500, "500ms")]
    [InlineData(1500, "1.5s")]
    [InlineData(10_000, "10s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(60_000, "1m0s")]
    [InlineData(7_200_000, "2h0m0s")]
    [InlineData(3_723_500, "1h2m3.5s")]
    [InlineData(1.5, "1.5ms")]
    public void Format_Milliseconds_GoString(double milliseconds, string expected)
        => Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void Format_SubMillisecond_UsesAsciiUnits()
    {
        Assert.Equal("250us", GoDuration.Format(TimeSpan.FromTicks(2500)));
        Assert.Equal("300ns", GoDuration.Format(TimeSpan.FromTicks(3)));
    }

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("0s", 0)]
    [InlineData("0", 0)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1.5s", 1500)]
    [InlineData("1h2m3.5s", 3_723_500)]
    [InlineData("300000ms", 300_000)]
    [InlineData("1500us", 1.5)]
    [InlineData("1500µs", 1.5)]
    [InlineData("-5s", -5000)]
    public void Parse_GoString_TimeSpan(string text, double expectedMilliseconds)
        => Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), GoDuration.Parse(text));

    [Fact]
    public void Parse_Empty_Null() => Assert.Null(GoDuration.Parse(string.Empty));

    [Theory]
    [InlineData("10")]
    [InlineData("nope")]
    [InlineData("5x")]
    [InlineData("s")]
    [InlineData("-")]
    public void Parse_Invalid_FormatExceptionNamesTextAndFix(string text)
    {
        var error = Assert.Throws<FormatException>(() => GoDuration.Parse(text));

        Assert.Equal($"Invalid Go duration \"{text}\"; use a number with a unit such as \"10s\", \"1m30s\" or \"500ms\".", error.Message);
    }

    [Theory]
    [InlineData("1m30s")]
    [InlineData("15s")]
    [InlineData("250ms")]
    [InlineData("26h3m4.25s")]
    public void FormatParse_RoundTrip(string text)
        => Assert.Equal(text, GoDuration.Format(GoDuration.Parse(text)!.Value));
}
