using System.Globalization;
using System.Text;

namespace VmMesh.Identity.Spiffe;

/// <summary>
/// Puts untrusted text (peer-supplied IDs and subjects) into error messages safely: control characters are escaped,
/// so a crafted certificate cannot forge extra log lines.
/// </summary>
internal static class CharDisplay
{
    public static string Quote(char c) =>
        c is >= ' ' and <= '~'
            ? $"'{c}'"
            : string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");

    public static string Escape(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
