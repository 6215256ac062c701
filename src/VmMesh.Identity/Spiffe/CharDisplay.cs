using System.Globalization;

namespace VmMesh.Identity.Spiffe;

/// <summary>Shows an offending character in an error message, escaping ones a terminal would hide.</summary>
internal static class CharDisplay
{
    public static string Quote(char c) =>
        c is >= ' ' and <= '~'
            ? $"'{c}'"
            : string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");
}
