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

    [Theory]
    [InlineData(0.0, 24)]
    [InlineData(0.5, 27)]
    [InlineData(1.0, 30)]
    public void Next_OneMinuteLeafSpanningTwiceTheBackdate_RenewsBetween24And30SecondsAfterIssue(double draw, int seconds)
    {
        // The shortest leaf allowed: NotBefore one back-date before the issue, NotAfter one minute after it.
        var notBefore = IssuedAt - CertificateLifetimeOptions.Backdate;
        var notAfter = IssuedAt + CertificateLifetimeOptions.MinimumLeafLifetime;

        var next = RenewalSchedule.Next(notBefore, notAfter, new FixedRandom(draw));

        Assert.Equal(IssuedAt.AddSeconds(seconds), next);
    }

    [Theory]
    [InlineData(0.0, 12)]
    [InlineData(1.0, 15)]
    public void Next_LeafCutShortByRootExpiry_RenewsBetween40And50PercentOfWhatIsLeftAfterIssue(double draw, int seconds)
    {
        // The CA ends a leaf at its root's NotAfter when that comes first: here 30 s after the issue.
        var next = RenewalSchedule.Next(IssuedAt - CertificateLifetimeOptions.Backdate, IssuedAt.AddSeconds(30), new FixedRandom(draw));

        Assert.Equal(IssuedAt.AddSeconds(seconds), next);
    }

    [Fact]
    public void Next_OneMinuteLeafFromTheCa_RenewsAfterTheIssueTimeAndBeforeExpiry()
    {
        var options = new CertificateLifetimeOptions { LeafLifetime = CertificateLifetimeOptions.MinimumLeafLifetime };
        using var pki = new TestPki(options: options);
        using var leaf = pki.IssueWithKey(pki.Web, CertificateLifetimeOptions.MinimumLeafLifetime);
        var notBefore = new DateTimeOffset(leaf.NotBefore).ToUniversalTime();
        var notAfter = new DateTimeOffset(leaf.NotAfter).ToUniversalTime();

        var earliest = RenewalSchedule.Next(notBefore, notAfter, new FixedRandom(0.0));
        var latest = RenewalSchedule.Next(notBefore, notAfter, new FixedRandom(1.0));

        Assert.Equal(TestPki.Start.AddSeconds(24), earliest);
        Assert.Equal(TestPki.Start.AddSeconds(30), latest);
        Assert.True(RenewalSchedule.Delay(pki.Time.GetUtcNow(), earliest) > TimeSpan.Zero);
    }

    [Fact]
    public void Next_ShortBackdatedLeavesAnyDraw_RenewStrictlyAfterIssueAndBeforeExpiry()
    {
        // Around the boundary: back-dated leaves with 1 s to 3 min left after the issue (the CA truncates to seconds).
        var gen =
            from seconds in Gen.Long[1, 180]
            from seed in Gen.Int
            select (Lifetime: TimeSpan.FromSeconds(seconds), Seed: seed);

        gen.Sample(t =>
        {
            var notAfter = IssuedAt + t.Lifetime;
            var next = RenewalSchedule.Next(IssuedAt - CertificateLifetimeOptions.Backdate, notAfter, new Random(t.Seed));
            return next > IssuedAt
                && next < notAfter
                && next - IssuedAt >= (t.Lifetime * RenewalSchedule.EarliestFraction) - TimeSpan.FromTicks(1)
                && next - IssuedAt <= t.Lifetime * RenewalSchedule.LatestFraction;
        }, iter: 5_000);
    }

    [Fact]
    public void Next_NotBackdatedCertificateNoLongerThanTheBackdate_IsMeasuredFromNotBefore()
    {
        var next = RenewalSchedule.Next(IssuedAt, IssuedAt + CertificateLifetimeOptions.Backdate, new FixedRandom(0.0));

        Assert.Equal(IssuedAt.AddSeconds(24), next);
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
