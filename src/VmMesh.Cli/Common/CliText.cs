using System.Globalization;

namespace VmMesh.Cli.Common;

/// <summary>How values look in tables: one format everywhere, invariant culture, UTC.</summary>
internal static class CliText
{
    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
