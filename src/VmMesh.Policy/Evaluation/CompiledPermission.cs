using System.Text.RegularExpressions;
using VmMesh.Policy.Model;
using VmMesh.Policy.Validation;

namespace VmMesh.Policy.Evaluation;

/// <summary>A validated <see cref="Permission"/> with its decisions precomputed.</summary>
internal sealed class CompiledPermission
{
    private enum PathKind
    {
        Any,
        Exact,
        Prefix,
        Regex,
    }

    private readonly PathKind _pathKind;
    private readonly string _path;
    private readonly Regex? _pathRegex;
    private readonly string[] _methods;
    private readonly CompiledHeaderMatch[] _headers;

    public CompiledPermission(Permission permission, DecidingRule rule, string ruleLabel, TimeSpan matchTimeout)
    {
        Action = permission.Action;
        var http = permission.Http;
        (_pathKind, _path) = http switch
        {
            { PathExact: { } exact } => (PathKind.Exact, exact),
            { PathPrefix: { } prefix } => (PathKind.Prefix, prefix),
            { PathRegex: { } regex } => (PathKind.Regex, regex),
            _ => (PathKind.Any, string.Empty),
        };
        if (_pathKind == PathKind.Regex && !IntentionRegex.TryCompile(_path, matchTimeout, out _pathRegex, out var reason))
        {
            throw new ArgumentException($"path regex was not validated: {reason}", nameof(permission));
        }

        _methods = [.. http.Methods ?? []];
        _headers = [.. (http.Header ?? []).Select(h => new CompiledHeaderMatch(h, matchTimeout))];
        var verb = Action == IntentionAction.Allow ? "allowed" : "denied";
        var action = Action == IntentionAction.Allow ? "allow" : "deny";
        Decision = new IntentionDecision(
            Action == IntentionAction.Allow,
            $"{verb} by intention {ruleLabel}: permissions[{rule.PermissionIndex}] ({action}) matched",
            rule,
            DecisionBasis.Permission);
        FailClosedDecision = new IntentionDecision(
            false,
            $"denied by intention {ruleLabel}: permissions[{rule.PermissionIndex}] (deny) could not be evaluated (regular expression timed out), so it counts as matching",
            rule,
            DecisionBasis.FailedClosed);
    }

    public IntentionAction Action { get; }

    public IntentionDecision Decision { get; }

    public IntentionDecision FailClosedDecision { get; }

    /// <summary>All criteria must hold. A definite mismatch wins over a timed-out regex; a timeout alone is <see cref="MatchOutcome.Undecided"/>.</summary>
    public MatchOutcome Match(in IntentionRequest request)
    {
        if (_methods.Length > 0 && (request.Method is null || Array.IndexOf(_methods, request.Method) < 0))
        {
            return MatchOutcome.NoMatch;
        }

        var undecided = false;
        if (_pathKind != PathKind.Any)
        {
            if (request.Path is null)
            {
                return MatchOutcome.NoMatch;
            }

            var path = request.Path.AsSpan();
            var query = path.IndexOf('?');
            if (query >= 0)
            {
                path = path[..query];
            }

            switch (_pathKind)
            {
                case PathKind.Exact when !path.SequenceEqual(_path):
                case PathKind.Prefix when !path.StartsWith(_path, StringComparison.Ordinal):
                    return MatchOutcome.NoMatch;
                case PathKind.Regex:
                    try
                    {
                        if (!_pathRegex!.IsMatch(path))
                        {
                            return MatchOutcome.NoMatch;
                        }
                    }
                    catch (RegexMatchTimeoutException)
                    {
                        undecided = true;
                    }

                    break;
            }
        }

        foreach (var header in _headers)
        {
            switch (header.Match(request.Headers))
            {
                case MatchOutcome.NoMatch:
                    return MatchOutcome.NoMatch;
                case MatchOutcome.Undecided:
                    undecided = true;
                    break;
            }
        }

        return undecided ? MatchOutcome.Undecided : MatchOutcome.Match;
    }
}
