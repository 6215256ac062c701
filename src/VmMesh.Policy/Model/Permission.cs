namespace VmMesh.Policy.Model;

/// <summary>One L7 permission: when <see cref="Http"/> matches the request, <see cref="Action"/> decides.</summary>
/// <param name="Action">What happens to a matching request.</param>
/// <param name="Http">The request matcher; every criterion it sets must hold.</param>
public sealed record Permission(IntentionAction Action, HttpMatch Http);
