// Go duration strings ("10s", "1m30s", "500ms") as Consul reads and prints them.
// Parsing follows time.ParseDuration, including its exact error texts, because Consul
// echoes those texts in 400 answers ("Request decode failed: time: invalid duration \"nope\"").
using System.Globalization;
using System.Text;

namespace VmMesh.Consul.Dev.Json;

internal static class GoDuration
{
    private const long NanosPerTick = 100;

    /// <summary>Parses a Go duration; on failure returns false and Go's error text.</summary>
    public static bool TryParse(string text, out TimeSpan value, out string error)
    {
        value = TimeSpan.Zero;
        error = string.Empty;
        var s = text;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s == "0")
        {
            return true;
        }

        if (s.Length == 0)
        {
            error = $"time: invalid duration {Quote(text)}";
            return false;
        }

        decimal totalNanos = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var intPart = s[start..i];
            var fracPart = string.Empty;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                var fs = i;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }

                fracPart = s[fs..i];
            }

            if (intPart.Length == 0 && fracPart.Length == 0)
            {
                error = $"time: invalid duration {Quote(text)}";
                return false;
            }

            var unitStart = i;
            while (i < s.Length && s[i] != '.' && !char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var unit = s[unitStart..i];
            if (unit.Length == 0)
            {
                error = $"time: missing unit in duration {Quote(text)}";
                return false;
            }

            decimal scale = unit switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => -1m,
            };
            if (scale < 0)
            {
                error = $"time: unknown unit {Quote(unit)} in duration {Quote(text)}";
                return false;
            }

            var number = decimal.Parse((intPart.Length == 0 ? "0" : intPart) + (fracPart.Length == 0 ? string.Empty : "." + fracPart), CultureInfo.InvariantCulture);
            totalNanos += number * scale;
            if (totalNanos > long.MaxValue)
            {
                error = $"time: invalid duration {Quote(text)}";
                return false;
            }
        }

        var ticks = (long)(totalNanos / NanosPerTick);
        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }

    /// <summary>Formats like Go's Duration.String(): "10s", "1m30s", "1h0m0s", "500ms", "0s".</summary>
    public static string Format(TimeSpan value)
    {
        var nanos = value.Ticks * NanosPerTick;
        if (nanos == 0)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        if (nanos < 0)
        {
            sb.Append('-');
            nanos = -nanos;
        }

        if (nanos < 1_000_000_000)
        {
            var (div, unit) = nanos switch
            {
                < 1_000 => (1L, "ns"),
                < 1_000_000 => (1_000L, "µs"),
                _ => (1_000_000L, "ms"),
            };
            sb.Append(FormatFraction(nanos, div)).Append(unit);
            return sb.ToString();
        }

        var hours = nanos / 3_600_000_000_000;
        nanos -= hours * 3_600_000_000_000;
        var minutes = nanos / 60_000_000_000;
        nanos -= minutes * 60_000_000_000;
        if (hours > 0)
        {
            sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            sb.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        sb.Append(FormatFraction(nanos, 1_000_000_000)).Append('s');
        return sb.ToString();
    }

    private static string FormatFraction(long value, long divisor)
    {
        var whole = value / divisor;
        var rest = value % divisor;
        if (rest == 0)
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }

        var digits = divisor.ToString(CultureInfo.InvariantCulture).Length - 1;
        var frac = rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        return whole.ToString(CultureInfo.InvariantCulture) + "." + frac;
    }

    /// <summary>Go's strconv.Quote for the plain strings we meet here.</summary>
    public static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
