using System.Text;
using System.Text.RegularExpressions;

namespace VmMesh.Policy.Validation;

/// <summary>
/// How intention regular expressions are compiled, in one place so validation and evaluation agree.
/// </summary>
/// <remarks>
/// Consul uses RE2 (linear time, no backreferences or lookarounds). The closest .NET engine is
/// <see cref="RegexOptions.NonBacktracking"/>: also linear time, and it rejects the same constructs RE2 lacks, so a
/// pattern that validates here cannot blow up at request time. A match timeout is set anyway, and patterns are
/// limited to <see cref="MaxPatternLength"/> characters. Patterns match the whole input (Envoy's safe_regex is a
/// full match); the raw pattern is parsed on its own first so that "a)|(.*" cannot escape the anchoring.
/// </remarks>
internal static class IntentionRegex
{
    public const int MaxPatternLength = 1024;

    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(50);

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    /// <summary>Compiles <paramref name="pattern"/> as an anchored matcher, or explains why it cannot be used.</summary>
    public static bool TryCompile(string pattern, out Regex? regex, out string? reason)
    {
        regex = null;
        if (pattern.Length > MaxPatternLength)
        {
            reason = $"is {pattern.Length} characters long; the limit is {MaxPatternLength}, shorten the pattern";
            return false;
        }

        try
        {
            _ = new Regex(pattern, Options, MatchTimeout);
            regex = new Regex($"\\A(?:{pattern})\\z", Options, MatchTimeout);
            reason = null;
            return true;
        }
        catch (RegexParseException e)
        {
            reason = $"{ErrorCollector.Quote(pattern)} is not a valid regular expression: {Words(e.Error.ToString())} at offset {e.Offset}; fix the pattern";
        }
        catch (NotSupportedException)
        {
            reason = $"{ErrorCollector.Quote(pattern)} is not a valid regular expression: backreferences, lookarounds, atomic groups and conditionals are not supported (RE2 has none of them either); fix the pattern";
        }
        catch (ArgumentException e)
        {
            reason = $"{ErrorCollector.Quote(pattern)} is not a valid regular expression: {e.Message}; fix the pattern";
        }

        return false;
    }

    /// <summary>"UnterminatedBracket" → "unterminated bracket".</summary>
    private static string Words(string pascal)
    {
        var text = new StringBuilder(pascal.Length + 8);
        foreach (var c in pascal)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
