namespace VmMesh.Identity.Renewal;

/// <summary>
/// When a holder of a certificate should renew it: a uniformly random point between 40 % and 50 % of the
/// lifetime measured from the issue time (NotBefore plus the one-minute back-date), so a 24 h leaf renews
/// 9.6 h to 12 h after issue. The jitter spreads a fleet's renewals after a root rotation; the 50 % cap
/// means at least half the lifetime (12 h by default) remains to ride out a policy-server outage.
/// </summary>
public static class RenewalSchedule
{
    public const double EarliestFraction = 0.40;

    public const double LatestFraction = 0.50;

    /// <summary>The renewal time for a certificate valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    public static DateTimeOffset Next(DateTimeOffset notBefore, DateTimeOffset notAfter, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (notAfter <= notBefore)
        {
            throw new ArgumentException($"notAfter {notAfter:O} is not after notBefore {notBefore:O}; the certificate has no lifetime", nameof(notAfter));
        }

        // Our CA back-dates NotBefore; the lifetime the operator configured starts at the issue time. Everything it
        // issues spans more than the back-date: a 1-minute leaf (the shortest allowed) spans exactly twice it, and a
        // leaf cut short by its root's expiry still ends after the issue time. Measuring from NotBefore plus the
        // back-date therefore puts the renewal strictly after the issue time and strictly before NotAfter; measuring
        // a 1-minute leaf from NotBefore put it at or before the issue time, and its holder renewed in a loop.
        // Only a certificate no longer than the back-date, which our CA cannot have issued, is measured from NotBefore.
        var issuedAt = notAfter - notBefore > CertificateLifetimeOptions.Backdate
            ? notBefore + CertificateLifetimeOptions.Backdate
            : notBefore;
        var lifetime = notAfter - issuedAt;
        var fraction = EarliestFraction + (random.NextDouble() * (LatestFraction - EarliestFraction));
        return issuedAt + TimeSpan.FromTicks((long)(lifetime.Ticks * fraction));
    }

    /// <summary>How long to wait from <paramref name="now"/> until <paramref name="renewAt"/>; zero when it has passed.</summary>
    public static TimeSpan Delay(DateTimeOffset now, DateTimeOffset renewAt) =>
        renewAt > now ? renewAt - now : TimeSpan.Zero;
}
