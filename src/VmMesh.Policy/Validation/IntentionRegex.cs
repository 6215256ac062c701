using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace VmMesh.Policy.Validation;

/// <summary>
/// How intention regular expressions are compiled, in one place so validation and evaluation agree.
/// </summary>
/// <remarks>
/// Consul uses RE2 (linear time, no backreferences or lookarounds). The closest .NET engine is
/// <see cref="RegexOptions.NonBacktracking"/>: also linear time, and it rejects the same constructs RE2 lacks, so a
/// pattern that validates here cannot blow up at request time. Patterns are limited to
/// <see cref="MaxPatternLength"/> characters. A match timeout is set as a backstop only: it is wall-clock time, so
/// on a loaded host a short one (50 ms was tried) fires on harmless requests whenever the thread is descheduled or
/// the engine's code is still being JIT-compiled, which made decisions depend on load. It is therefore 1 s, each
/// regex is warmed up when compiled, and when a timeout does fire the permission fails closed (see CompiledRule).
/// Patterns match the whole input (Envoy's safe_regex is a full match); the raw pattern is parsed on its own first
/// so that "a)|(.*" cannot escape the anchoring.
/// </remarks>
internal static class IntentionRegex
{
    public const int MaxPatternLength = 1024;

    public static readonly TimeSpan DefaultMatchTimeout = TimeSpan.FromSeconds(1);

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    // Building a NonBacktracking regex is the most expensive step of compiling a set, and every new snapshot
    // (each intention change, each shard update in a sidecar) recompiles the same few patterns. Regex instances are
    // immutable and thread-safe, so they are shared; the cache is bounded by clearing it when full.
    private const int CacheLimit = 4096;
    private static readonly ConcurrentDictionary<string, (Regex? Regex, string? Reason)> Cache = new(StringComparer.Ordinal);

    /// <summary>Compiles <paramref name="pattern"/> as an anchored matcher, or explains why it cannot be used.</summary>
    public static bool TryCompile(string pattern, out Regex? regex, out string? reason) =>
        TryCompile(pattern, DefaultMatchTimeout, out regex, out reason);

    /// <summary>As above with a given match timeout (tests use a tiny one to exercise fail-closed handling).</summary>
    public static bool TryCompile(string pattern, TimeSpan matchTimeout, out Regex? regex, out string? reason)
    {
        if (matchTimeout != DefaultMatchTimeout)
        {
            (regex, reason) = Compile(pattern, matchTimeout);
            return regex is not null;
        }

        if (!Cache.TryGetValue(pattern, out var entry))
        {
            entry = Compile(pattern, matchTimeout);
            if (Cache.Count >= CacheLimit)
            {
                Cache.Clear();
            }

            Cache.TryAdd(pattern, entry);
        }

        (regex, reason) = entry;
        return regex is not null;
    }

    private static (Regex? Regex, string? Reason) Compile(string pattern, TimeSpan matchTimeout)
    {
        if (pattern.Length > MaxPatternLength)
        {
            return (null, $"is {pattern.Length} characters long; the limit is {MaxPatternLength}, shorten the pattern");
        }

        string reason;
        try
        {
            _ = new Regex(pattern, Options, matchTimeout);
            var anchored = new Regex($"\\A(?:{pattern})\\z", Options, matchTimeout);
            WarmUp(anchored);
            return (anchored, null);
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

        return (null, reason);
    }

    /// <summary>Runs the matcher once so JIT compilation and engine set-up happen now, not on a request thread.</summary>
    private static void WarmUp(Regex regex)
    {
        try
        {
            _ = regex.IsMatch("/warm-up");
        }
        catch (RegexMatchTimeoutException)
        {
            // Only a test's tiny timeout gets here; requests handle timeouts themselves.
        }
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
