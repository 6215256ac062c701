using System.Globalization;

namespace VmMesh.Consul;

/// <summary>
/// A Consul raft index (X-Consul-Index, CreateIndex, ModifyIndex, CAS tokens). A value type so an index is never
/// mixed up with a port, a count or a flag. <see cref="Zero"/> means "no index": a non-blocking read.
/// </summary>
public readonly record struct ConsulIndex(ulong Value) : IComparable<ConsulIndex>
{
    public static ConsulIndex Zero { get; } = new(0);

    public bool IsZero => Value == 0;

    public int CompareTo(ConsulIndex other) => Value.CompareTo(other.Value);

    public static bool operator <(ConsulIndex left, ConsulIndex right) => left.Value < right.Value;

    public static bool operator >(ConsulIndex left, ConsulIndex right) => left.Value > right.Value;

    public static bool operator <=(ConsulIndex left, ConsulIndex right) => left.Value <= right.Value;

    public static bool operator >=(ConsulIndex left, ConsulIndex right) => left.Value >= right.Value;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
