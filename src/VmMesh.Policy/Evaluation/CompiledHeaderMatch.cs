using System.Text.RegularExpressions;
using VmMesh.Policy.Model;
using VmMesh.Policy.Validation;

namespace VmMesh.Policy.Evaluation;

/// <summary>A validated <see cref="HeaderMatch"/> ready to run: one matcher kind, precompiled regex.</summary>
internal sealed class CompiledHeaderMatch
{
    private enum Kind
    {
        Present,
        Exact,
        Prefix,
        Suffix,
        Regex,
    }

    private readonly string _name;
    private readonly Kind _kind;
    private readonly string _value;
    private readonly Regex? _regex;
    private readonly bool _invert;

    public CompiledHeaderMatch(HeaderMatch header, TimeSpan matchTimeout)
    {
        _name = header.Name;
        _invert = header.Invert;
        (_kind, _value) = header switch
        {
            { Exact: { } exact } => (Kind.Exact, exact),
            { Prefix: { } prefix } => (Kind.Prefix, prefix),
            { Suffix: { } suffix } => (Kind.Suffix, suffix),
            { Regex: { } regex } => (Kind.Regex, regex),
            _ => (Kind.Present, string.Empty),
        };
        if (_kind == Kind.Regex && !IntentionRegex.TryCompile(_value, matchTimeout, out _regex, out var reason))
        {
            throw new ArgumentException($"header regex was not validated: {reason}", nameof(header));
        }
    }

    /// <summary>
    /// Envoy semantics: an absent header matches only "present + invert"; otherwise the matcher's result is
    /// inverted when <c>invert</c> is set.
    /// </summary>
    public MatchOutcome Match(IIntentionHeaders? headers)
    {
        if (headers is null || !headers.TryGetValue(_name, out var value))
        {
            return _kind == Kind.Present && _invert ? MatchOutcome.Match : MatchOutcome.NoMatch;
        }

        bool matched;
        switch (_kind)
        {
            case Kind.Exact:
                matched = string.Equals(value, _value, StringComparison.Ordinal);
                break;
            case Kind.Prefix:
                matched = value.StartsWith(_value, StringComparison.Ordinal);
                break;
            case Kind.Suffix:
                matched = value.EndsWith(_value, StringComparison.Ordinal);
                break;
            case Kind.Regex:
                try
                {
                    matched = _regex!.IsMatch(value);
                }
                catch (RegexMatchTimeoutException)
                {
                    return MatchOutcome.Undecided;
                }

                break;
            default:
                matched = true;
                break;
        }

        return matched != _invert ? MatchOutcome.Match : MatchOutcome.NoMatch;
    }
}
