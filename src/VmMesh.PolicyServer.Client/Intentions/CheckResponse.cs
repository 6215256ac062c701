using VmMesh.Policy.Evaluation;

namespace VmMesh.PolicyServer.Client.Intentions;

/// <summary>Answer to <c>POST /v1/intentions/check</c>: the evaluator's decision.</summary>
/// <param name="Allowed">True when the request would be let through.</param>
/// <param name="Reason">One sentence saying what decided.</param>
/// <param name="Rule">The intention (and permission) that decided; null when the mesh default applied.</param>
/// <param name="Explanation">Multi-line explanation for operators (IntentionExplainer).</param>
public sealed record CheckResponse(bool Allowed, string Reason, DecidingRule? Rule, string Explanation);
