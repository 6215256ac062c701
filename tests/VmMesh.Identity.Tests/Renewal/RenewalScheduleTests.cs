using CsCheck;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Tests.Support;

namespace VmMesh.Identity.Tests.Renewal;

public class RenewalScheduleTests
{
    private static readonly DateTimeOffset IssuedAt = TestPki.Start;

    [Theory]
    [InlineData(0.0, 9.6)]
    [InlineData(0.5, 10.8)]
    [InlineData(1.0, 12.0)]
    public void Next_24HourLeaf_RenewsBetween9Point6And12HoursAfterIssue(double draw, double hours)
    {
        var notBefore = IssuedAt - CertificateLifetimeOptions.Backdate;
        var notAfter = IssuedAt.AddHours(24);

        var next = RenewalSchedule.Next(notBefore, notAfter, new FixedRandom(draw));

        Assert.Equal(IssuedAt + TimeSpan.FromHours(hours), next);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(60)]
    [InlineData(24 * 60)]
    [InlineData(72 * 60)]
    public void Next_LifetimeTable_StaysWithin40To50Percent(int minutes)
    {
        var lifetime = TimeSpan.FromMinutes(minutes);
        var random = new Random(42);
        for (var i = 0; i < 1000; i++)
        {
            var next = RenewalSchedule.Next(IssuedAt - CertificateLifetimeOptions.Backdate, IssuedAt + lifetime, random);

            Assert.InRange(next, IssuedAt + (lifetime * 0.4), IssuedAt + (lifetime * 0.5));
        }
    }

    [Fact]
    public void Next_AnyLifetimeAndDraw_AlwaysWithinBounds()
    {
        var gen =
            from seconds in Gen.Long[(long)CertificateLifetimeOptions.MinimumLeafLifetime.TotalSeconds, (long)CertificateLifetimeOptions.MaximumLeafLifetime.TotalSeconds]
            from seed in Gen.Int
            select (Lifetime: TimeSpan.FromSeconds(seconds), Seed: seed);

        gen.Sample(t =>
        {
            var next = RenewalSchedule.Next(IssuedAt - CertificateLifetimeOptions.Backdate, IssuedAt + t.Lifetime, new Random(t.Seed));
            var offset = next - IssuedAt;
            return offset >= t.Lifetime * RenewalSchedule.EarliestFraction - TimeSpan.FromTicks(1)
                && offset <= t.Lifetime * RenewalSchedule.LatestFraction;
        }, iter: 20_000);
    }

    [Fact]
    public void Next_ManyDraws_SpreadCoversMostOfTheWindow()
    {
        // Jitter is the point: 10 000 draws must cover at least 9 % of the lifetime (the window is 10 %).
        var lifetime = TimeSpan.FromHours(24);
        var random = new Random(7);
        var draws = Enumerable.Range(0, 10_000)
            .Select(_ => RenewalSchedule.Next(IssuedAt - CertificateLifetimeOptions.Backdate, IssuedAt + lifetime, random))
            .ToList();

        Assert.True(draws.Max() - draws.Min() >= lifetime * 0.09);
    }

    [Fact]
    public void Next_IssuedLeaf_RenewsAfterHalfPast9Hours()
    {
        using var pki = new TestPki();
        using var leaf = pki.Issue(pki.Web);

        var next = RenewalSchedule.Next(new DateTimeOffset(leaf.NotBefore), new DateTimeOffset(leaf.NotAfter), new Random(1));

        Assert.InRange(next, TestPki.Start.AddHours(9.6), TestPki.Start.AddHours(12));
    }

    [Fact]
    public void Next_NotAfterNotAfterNotBefore_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => RenewalSchedule.Next(IssuedAt, IssuedAt, new Random(1)));

        Assert.Equal("notAfter 2026-03-01T12:00:00.0000000+00:00 is not after notBefore 2026-03-01T12:00:00.0000000+00:00; the certificate has no lifetime (Parameter 'notAfter')", ex.Message);
    }

    [Fact]
    public void Delay_PastRenewalTime_IsZero_FutureIsTheDifference()
    {
        Assert.Equal(TimeSpan.Zero, RenewalSchedule.Delay(IssuedAt.AddHours(13), IssuedAt.AddHours(12)));
        Assert.Equal(TimeSpan.FromHours(2), RenewalSchedule.Delay(IssuedAt.AddHours(10), IssuedAt.AddHours(12)));
    }
}
