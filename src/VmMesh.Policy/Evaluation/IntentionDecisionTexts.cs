using VmMesh.Policy.Model;

namespace VmMesh.Policy.Evaluation;

/// <summary>Shared wording for decisions and explanations.</summary>
internal static class IntentionDecisionTexts
{
    public static string Action(IntentionAction action) => action == IntentionAction.Allow ? "allow" : "deny";
}
