// Certificate lifetimes and renewal timing. The CA reads CertificateLifetimeOptions when it issues;
// the sidecar reads RenewalSchedule to decide when to ask for the next certificate. Together they set
// the promise that the mesh survives a policy-server outage of at least half a leaf lifetime.
namespace VmMesh.Identity.Renewal;

/// <summary>
/// How long the CA's certificates live. Leaves default to 24 h (bounded to [1 min, 30 days] so tests can
/// compress time and operators cannot create effectively unrevocable leaves); roots default to 10 years.
/// </summary>
public sealed record CertificateLifetimeOptions
{
    public static readonly TimeSpan MinimumLeafLifetime = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaximumLeafLifetime = TimeSpan.FromDays(30);

    /// <summary>NotBefore is set this far before the issue time so peers whose clocks lag still accept the certificate.</summary>
    public static readonly TimeSpan Backdate = TimeSpan.FromMinutes(1);

    public static CertificateLifetimeOptions Default { get; } = new();

    public TimeSpan LeafLifetime { get; init; } = TimeSpan.FromHours(24);

    public TimeSpan RootLifetime { get; init; } = TimeSpan.FromDays(3650);

    /// <summary>Every problem with these options, each naming the key, the value and the allowed range; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var leafError = ValidateLeafLifetime(LeafLifetime, "leafLifetime");
        if (leafError is not null)
        {
            errors.Add(leafError);
        }

        if (RootLifetime <= LeafLifetime)
        {
            errors.Add($"rootLifetime {RootLifetime} must be longer than leafLifetime {LeafLifetime}; a root must outlive the leaves it signs");
        }

        return errors;
    }

    internal static string? ValidateLeafLifetime(TimeSpan lifetime, string key) =>
        lifetime < MinimumLeafLifetime || lifetime > MaximumLeafLifetime
            ? $"{key} {lifetime} is outside the allowed range {MinimumLeafLifetime} to {MaximumLeafLifetime}; choose a lifetime in that range (default 24:00:00)"
            : null;
}
