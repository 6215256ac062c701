namespace VmMesh.Policy.Model;

/// <summary>
/// The revision of an intention snapshot and of every shard compiled from it. Sidecars accept a shard only when its
/// version is not lower than the one they hold, so the policy server must only ever raise it.
/// </summary>
/// <param name="Value">A non-negative, rising number.</param>
public readonly record struct IntentionVersion(long Value) : IComparable<IntentionVersion>
{
    /// <inheritdoc />
    public int CompareTo(IntentionVersion other) => Value.CompareTo(other.Value);

    /// <summary>Compares versions.</summary>
    public static bool operator <(IntentionVersion left, IntentionVersion right) => left.Value < right.Value;

    /// <summary>Compares versions.</summary>
    public static bool operator >(IntentionVersion left, IntentionVersion right) => left.Value > right.Value;

    /// <summary>Compares versions.</summary>
    public static bool operator <=(IntentionVersion left, IntentionVersion right) => left.Value <= right.Value;

    /// <summary>Compares versions.</summary>
    public static bool operator >=(IntentionVersion left, IntentionVersion right) => left.Value >= right.Value;

    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
