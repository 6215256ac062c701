namespace VmMesh.Policy.Model;

/// <summary>Mesh-wide settings the evaluator falls back to when no intention decides.</summary>
/// <param name="DefaultAction">Applied when no intention matches, or an L7 intention has no matching permission. Deny unless an operator opts out.</param>
public sealed record MeshDefaults(IntentionAction DefaultAction = IntentionAction.Deny)
{
    /// <summary>The shipped default: deny.</summary>
    public static MeshDefaults DenyByDefault { get; } = new(IntentionAction.Deny);
}
