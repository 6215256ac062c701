namespace VmMesh.Policy.Model;

/// <summary>
/// One source of an intention: a calling service (or <c>*</c>) with either an L4 <see cref="Action"/> or an ordered
/// list of L7 <see cref="Permissions"/>, never both (as in Consul, L4 and L7 are mutually exclusive per pair).
/// </summary>
/// <param name="Name">The source service name, or <c>*</c> for every source.</param>
/// <param name="Action">The L4 action; null when <see cref="Permissions"/> is used.</param>
/// <param name="Permissions">L7 permissions evaluated top to bottom, first match wins; null when <see cref="Action"/> is used.</param>
/// <param name="Description">Free text for operators; never affects a decision.</param>
public sealed record IntentionSource(
    string Name,
    IntentionAction? Action = null,
    IReadOnlyList<Permission>? Permissions = null,
    string? Description = null);
