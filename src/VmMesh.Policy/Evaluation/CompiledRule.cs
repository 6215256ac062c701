using VmMesh.Policy.Model;

namespace VmMesh.Policy.Evaluation;

/// <summary>One source entry of one document, compiled: its precedence, permissions and every possible decision.</summary>
internal sealed class CompiledRule
{
    private readonly CompiledPermission[] _permissions;
    private readonly IntentionDecision _decision;
    private readonly IntentionDecision _notHttp;

    public CompiledRule(string destination, IntentionSource source, MeshDefaults defaults, TimeSpan matchTimeout)
    {
        Source = source.Name;
        Precedence = IntentionPrecedence.Of(source.Name, destination);
        var rule = new DecidingRule(destination, source.Name, Precedence, null);
        var label = rule.ToString();
        var defaultText = IntentionDecisionTexts.Action(defaults.DefaultAction);
        if (source.Action is { } action)
        {
            _permissions = [];
            TieRank = action == IntentionAction.Deny ? 0 : 2;
            _decision = new IntentionDecision(
                action == IntentionAction.Allow,
                $"{(action == IntentionAction.Allow ? "allowed" : "denied")} by intention {label}: L4 {IntentionDecisionTexts.Action(action)}",
                rule,
                DecisionBasis.L4Action);
            _notHttp = _decision;
            return;
        }

        TieRank = 1;
        _permissions = [.. (source.Permissions ?? []).Select((p, i) => new CompiledPermission(p, rule with { PermissionIndex = i }, label, matchTimeout))];
        _decision = new IntentionDecision(
            defaults.DefaultAction == IntentionAction.Allow,
            $"{(defaults.DefaultAction == IntentionAction.Allow ? "allowed" : "denied")}: intention {label} has no permission matching the request, so the mesh default action {defaultText} applies",
            rule,
            DecisionBasis.NoMatchingPermission);
        _notHttp = new IntentionDecision(
            false,
            $"denied: intention {label} has L7 permissions and the request carries no HTTP method or path",
            rule,
            DecisionBasis.NotHttp);
    }

    public string Source { get; }

    public int Precedence { get; }

    /// <summary>
    /// Orders rules of equal precedence for the same pair (only possible when validation was bypassed): deny first,
    /// then L7, then allow — deny wins ties, as in Consul.
    /// </summary>
    public int TieRank { get; }

    public IntentionDecision Decide(in IntentionRequest request)
    {
        if (_permissions.Length == 0)
        {
            return _decision;
        }

        if (!request.IsHttp)
        {
            return _notHttp;
        }

        foreach (var permission in _permissions)
        {
            switch (permission.Match(request))
            {
                case MatchOutcome.Match:
                    return permission.Decision;
                case MatchOutcome.Undecided when permission.Action == IntentionAction.Deny:
                    return permission.FailClosedDecision;
            }
        }

        return _decision;
    }
}
