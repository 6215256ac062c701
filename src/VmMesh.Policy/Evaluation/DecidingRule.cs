namespace VmMesh.Policy.Evaluation;

/// <summary>The intention (and, for L7, the permission) that decided.</summary>
/// <param name="Destination">The intention's destination: a service name or <c>*</c>.</param>
/// <param name="Source">The intention's source: a service name or <c>*</c>.</param>
/// <param name="Precedence">Consul precedence: 9 exact→exact, 8 *→exact, 6 exact→*, 5 *→*.</param>
/// <param name="PermissionIndex">The index in the source's permissions that matched; null for L4 or when none matched.</param>
public sealed record DecidingRule(string Destination, string Source, int Precedence, int? PermissionIndex)
{
    /// <summary>E.g. <c>web -> api (precedence 9), permissions[1]</c>.</summary>
    public override string ToString() => PermissionIndex is { } index
        ? $"{Source} -> {Destination} (precedence {Precedence}), permissions[{index}]"
        : $"{Source} -> {Destination} (precedence {Precedence})";
}
