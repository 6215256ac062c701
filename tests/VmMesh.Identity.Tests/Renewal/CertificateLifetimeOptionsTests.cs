using VmMesh.Identity.Renewal;

namespace VmMesh.Identity.Tests.Renewal;

public class CertificateLifetimeOptionsTests
{
    [Fact]
    public void Default_Is24HourLeavesAnd10YearRoots_AndValid()
    {
        var options = CertificateLifetimeOptions.Default;

        Assert.Equal(TimeSpan.FromHours(24), options.LeafLifetime);
        Assert.Equal(TimeSpan.FromDays(3650), options.RootLifetime);
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(0.5, "leafLifetime 00:00:30 is outside the allowed range 00:01:00 to 30.00:00:00; choose a lifetime in that range (default 24:00:00)")]
    [InlineData(60 * 24 * 31, "leafLifetime 31.00:00:00 is outside the allowed range 00:01:00 to 30.00:00:00; choose a lifetime in that range (default 24:00:00)")]
    public void Validate_LeafOutOfRange_ReturnsExactMessage(double minutes, string message)
    {
        var options = new CertificateLifetimeOptions { LeafLifetime = TimeSpan.FromMinutes(minutes) };

        Assert.Equal([message], options.Validate());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(60 * 24 * 30)]
    public void Validate_LeafAtBounds_IsValid(int minutes)
    {
        Assert.Empty(new CertificateLifetimeOptions { LeafLifetime = TimeSpan.FromMinutes(minutes) }.Validate());
    }
}
