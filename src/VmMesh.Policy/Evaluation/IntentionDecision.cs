namespace VmMesh.Policy.Evaluation;

/// <summary>The evaluator's answer. Instances are precomputed per rule, so evaluating allocates nothing.</summary>
/// <param name="Allowed">True to let the request through.</param>
/// <param name="Reason">One sentence saying what decided, e.g. <c>allowed by intention web -> api (precedence 9): L4 allow</c>.</param>
/// <param name="DecidingRule">The intention that decided; null when the mesh default applied because nothing matched.</param>
/// <param name="Basis">Which branch of the algorithm decided.</param>
public sealed record IntentionDecision(bool Allowed, string Reason, DecidingRule? DecidingRule, DecisionBasis Basis);
