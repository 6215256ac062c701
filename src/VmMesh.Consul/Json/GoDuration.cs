using System.Globalization;
using System.Text;

namespace VmMesh.Consul.Json;

/// <summary>
/// Go duration strings as Consul reads and writes them (<c>"10s"</c>, <c>"1m30s"</c>, <c>"500ms"</c>, <c>"0s"</c>).
/// Out: always a unit (Consul rejects <c>"10"</c>). In: Go's grammar; <c>""</c> means "not set".
/// </summary>
public static class GoDuration
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>Formats like Go's <c>time.Duration.String()</c> (with <c>us</c> for microseconds, which Consul accepts).</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        var ticks = value.Ticks;
        if (ticks < 0)
        {
            builder.Append('-');
            ticks = -ticks;
        }

        if (ticks < TicksPerMicrosecond)
        {
            return builder.Append(ticks * 100).Append("ns").ToString();
        }

        if (ticks < TimeSpan.TicksPerMillisecond)
        {
            return builder.Append(Fraction(ticks, TicksPerMicrosecond)).Append("us").ToString();
        }

        if (ticks < TimeSpan.TicksPerSecond)
        {
            return builder.Append(Fraction(ticks, TimeSpan.TicksPerMillisecond)).Append("ms").ToString();
        }

        var hours = ticks / TimeSpan.TicksPerHour;
        ticks %= TimeSpan.TicksPerHour;
        var minutes = ticks / TimeSpan.TicksPerMinute;
        ticks %= TimeSpan.TicksPerMinute;
        if (hours > 0)
        {
            builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            builder.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        return builder.Append(Fraction(ticks, TimeSpan.TicksPerSecond)).Append('s').ToString();
    }

    /// <summary>Parses a Go duration; <c>""</c> gives null. Throws <see cref="FormatException"/> naming the bad text.</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return TryParse(text, out var value)
            ? value
            : throw new FormatException($"Invalid Go duration \"{text}\"; use a number with a unit such as \"10s\", \"1m30s\" or \"500ms\".");
    }

    /// <summary>Parses a Go duration (sign, then number+unit pairs, units ns/us/µs/ms/s/m/h; bare <c>0</c> allowed).</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var span = text.AsSpan();
        var negative = false;
        if (span[0] is '-' or '+')
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        if (span is "0")
        {
            return true;
        }

        if (span.IsEmpty)
        {
            return false;
        }

        decimal totalNanoseconds = 0;
        while (!span.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < span.Length && (char.IsAsciiDigit(span[numberLength]) || span[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0 || !decimal.TryParse(span[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            span = span[numberLength..];
            var unitLength = 0;
            while (unitLength < span.Length && !char.IsAsciiDigit(span[unitLength]) && span[unitLength] != '.')
            {
                unitLength++;
            }

            decimal? unit = span[..unitLength] switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => null,
            };
            if (unit is null)
            {
                return false;
            }

            totalNanoseconds += number * unit.Value;
            span = span[unitLength..];
        }

        var ticks = totalNanoseconds / 100m;
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)ticks);
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    private static string Fraction(long ticks, long unitTicks)
    {
        var whole = ticks / unitTicks;
        var rest = ticks % unitTicks;
        if (rest == 0)
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }

        var digits = (int)Math.Round(Math.Log10(unitTicks));
        var fraction = rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        return string.Create(CultureInfo.InvariantCulture, $"{whole}.{fraction}");
    }
}
