// SPIFFE naming: the value types that say who a workload is. Everything that crosses a trust
// boundary (certificate SANs, CSR identities, policy rules) is parsed into these types once,
// strictly, so that the rest of the mesh never compares raw strings.
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace VmMesh.Identity.Spiffe;

/// <summary>
/// A SPIFFE trust domain such as <c>mesh.example.com</c>: 1 to 255 bytes of lower-case letters, digits,
/// '.', '-' and '_' (the go-spiffe rules). Compared ordinally.
/// </summary>
public sealed class TrustDomain : IEquatable<TrustDomain>
{
    /// <summary>The SPIFFE specification's limit on the trust domain length.</summary>
    public const int MaxLengthBytes = 255;

    private TrustDomain(string name)
    {
        Name = name;
        IdString = SpiffeId.Prefix + name;
    }

    /// <summary>The bare name, e.g. <c>mesh.example.com</c>.</summary>
    public string Name { get; }

    /// <summary>The trust domain's own SPIFFE ID, <c>spiffe://mesh.example.com</c>, carried by CA certificates.</summary>
    public string IdString { get; }

    public static TrustDomain Parse(string name) =>
        TryParse(name, out var trustDomain, out var error) ? trustDomain : throw new FormatException(error);

    public static bool TryParse(string? name, [NotNullWhen(true)] out TrustDomain? trustDomain) =>
        TryParse(name, out trustDomain, out _);

    public static bool TryParse(
        string? name,
        [NotNullWhen(true)] out TrustDomain? trustDomain,
        [NotNullWhen(false)] out string? error)
    {
        error = Validate(name);
        trustDomain = error is null ? new TrustDomain(name!) : null;
        return trustDomain is not null;
    }

    /// <summary>Returns null when <paramref name="name"/> is a valid trust domain, otherwise the exact reason.</summary>
    internal static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "Trust domain is empty; use a DNS-like name such as 'mesh.example.com'";
        }

        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxLengthBytes)
        {
            return $"Trust domain is {bytes} bytes long; the limit is {MaxLengthBytes} bytes";
        }

        foreach (var c in name)
        {
            if (!IsTrustDomainChar(c))
            {
                return $"Trust domain '{CharDisplay.Escape(name)}' has invalid character {CharDisplay.Quote(c)}; use lower-case letters, digits, '.', '-' and '_'";
            }
        }

        return null;
    }

    internal static bool IsTrustDomainChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_';

    /// <summary>True when <paramref name="id"/> belongs to this trust domain.</summary>
    public bool Contains(SpiffeId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Equals(id.TrustDomain);
    }

    public bool Equals(TrustDomain? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as TrustDomain);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    public override string ToString() => Name;

    public static bool operator ==(TrustDomain? left, TrustDomain? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(TrustDomain? left, TrustDomain? right) => !(left == right);
}
