using System.Diagnostics.CodeAnalysis;

namespace VmMesh.Identity.Spiffe;

/// <summary>
/// A mesh service name as Consul Connect accepts it (a DNS label, so it also works in Consul DNS):
/// 1 to 63 characters of lower-case letters, digits and '-', starting and ending with a letter or digit.
/// Compared ordinally.
/// </summary>
public sealed class ServiceName : IEquatable<ServiceName>
{
    public const int MaxLength = 63;

    private ServiceName(string value) => Value = value;

    public string Value { get; }

    public static ServiceName Parse(string value) =>
        TryParse(value, out var name, out var error) ? name : throw new FormatException(error);

    public static bool TryParse(string? value, [NotNullWhen(true)] out ServiceName? name) => TryParse(value, out name, out _);

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out ServiceName? name,
        [NotNullWhen(false)] out string? error)
    {
        error = Validate(value);
        name = error is null ? new ServiceName(value!) : null;
        return name is not null;
    }

    private static string? Validate(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "Service name is empty; use lower-case letters, digits and '-', such as 'web'";
        }

        var shown = CharDisplay.Escape(value);
        if (value.Length > MaxLength)
        {
            return $"Service name '{shown}' is {value.Length} characters long; the limit is {MaxLength}";
        }

        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return $"Service name '{shown}' has invalid character {CharDisplay.Quote(c)}; use lower-case letters, digits and '-'";
            }
        }

        if (value[0] == '-' || value[^1] == '-')
        {
            return $"Service name '{shown}' starts or ends with '-'; start and end it with a letter or digit";
        }

        return null;
    }

    public bool Equals(ServiceName? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ServiceName);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;

    public static bool operator ==(ServiceName? left, ServiceName? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(ServiceName? left, ServiceName? right) => !(left == right);
}
