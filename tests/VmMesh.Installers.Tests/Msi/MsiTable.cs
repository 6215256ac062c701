namespace VmMesh.Installers.Tests.Msi;

/// <summary>
/// One MSI table as <c>msiinfo export</c> prints it (the .idt form): column names, column types, the table name with
/// its key columns, then one tab-separated row per line.
/// </summary>
internal sealed class MsiTable
{
    private MsiTable(string name, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
    {
        Name = name;
        Columns = columns;
        Rows = rows;
    }

    public string Name { get; }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

    public static MsiTable Parse(string name, string idt)
    {
        ArgumentNullException.ThrowIfNull(idt);
        var lines = idt.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length < 3 || lines[2].Split('\t')[0] != name)
        {
            throw new FormatException($"msiinfo export of table {name} is not in .idt form: {idt}");
        }

        var columns = lines[0].Split('\t');
        var rows = new List<IReadOnlyDictionary<string, string>>();
        foreach (var line in lines.Skip(3).Where(l => l.Length > 0))
        {
            var values = line.Split('\t');
            if (values.Length != columns.Length)
            {
                throw new FormatException($"Table {name}: row '{line}' has {values.Length} values for {columns.Length} columns.");
            }

            rows.Add(columns.Zip(values).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
        }

        return new MsiTable(name, columns, rows);
    }

    /// <summary>The one row whose <paramref name="column"/> is <paramref name="value"/>; fails the test when there is not exactly one.</summary>
    public IReadOnlyDictionary<string, string> Single(string column, string value)
    {
        var matches = Rows.Where(r => r[column] == value).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new Xunit.Sdk.XunitException($"Table {Name}: expected one row with {column} = '{value}', found {matches.Count}.");
    }
}
