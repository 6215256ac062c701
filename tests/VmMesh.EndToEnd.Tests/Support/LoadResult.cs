using System.Globalization;

namespace VmMesh.EndToEnd.Tests.Support;

/// <summary>One finished request of a <see cref="LoadClient"/> run: when it finished, its status (0: no HTTP answer), who served it.</summary>
internal sealed record LoadResult(DateTimeOffset FinishedAt, int Status, string Instance, string? Error)
{
    public bool Succeeded => Status == 200;

    /// <summary>Parses a <c>r UNIX_MS STATUS INSTANCE [ERROR]</c> line; null for any other line.</summary>
    public static LoadResult? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Split(' ', 5);
        if (parts.Length < 4 || parts[0] != "r")
        {
            return null;
        }

        return new LoadResult(
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[1], CultureInfo.InvariantCulture)),
            int.Parse(parts[2], CultureInfo.InvariantCulture),
            parts[3],
            parts.Length == 5 ? parts[4] : null);
    }
}
