namespace VmMesh.Installers.Tests.Msi;

/// <summary>A built MSI read through msiinfo: its table list, its tables (loaded once each) and where its files land.</summary>
internal sealed class MsiDatabase
{
    private readonly Dictionary<string, MsiTable> tables = new(StringComparer.Ordinal);

    private MsiDatabase(string path, IReadOnlyList<string> tableNames)
    {
        Path = path;
        TableNames = tableNames;
    }

    public string Path { get; }

    public IReadOnlyList<string> TableNames { get; }

    public static async Task<MsiDatabase> OpenAsync(string path)
    {
        var names = await MsiTool.RunAsync("msiinfo", "tables", path);
        return new MsiDatabase(path, [.. names.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);
    }

    public async Task<MsiTable> TableAsync(string name)
    {
        if (!tables.TryGetValue(name, out var table))
        {
            if (!TableNames.Contains(name))
            {
                throw new Xunit.Sdk.XunitException($"{System.IO.Path.GetFileName(Path)} has no {name} table; it has {string.Join(", ", TableNames)}.");
            }

            table = MsiTable.Parse(name, await MsiTool.RunAsync("msiinfo", "export", Path, name));
            tables[name] = table;
        }

        return table;
    }

    /// <summary>A summary-information field (msiinfo suminfo), such as "Template".</summary>
    public async Task<string> SummaryAsync(string field)
    {
        var lines = (await MsiTool.RunAsync("msiinfo", "suminfo", Path)).Split('\n');
        var prefix = field + ": ";
        return lines.SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..]
            ?? throw new Xunit.Sdk.XunitException($"msiinfo suminfo {Path} has no {field} line.");
    }

    /// <summary>The install path of a Directory row, rooted at the standard folder: ProgramFiles64Folder\VmMesh\vmmesh-sidecar.</summary>
    public async Task<string> DirectoryPathAsync(string id)
    {
        var directories = await TableAsync("Directory");
        var parts = new List<string>();
        for (var current = id; ;)
        {
            var row = directories.Single("Directory", current);
            var parent = row["Directory_Parent"];
            if (parent == "TARGETDIR")
            {
                parts.Add(current);
                break;
            }

            // DefaultDir is "target[:source]", each "short|long" or just one name; "." is the parent itself.
            var target = row["DefaultDir"].Split(':')[0];
            var name = target.Split('|')[^1];
            if (name != ".")
            {
                parts.Add(name);
            }

            current = parent.Length > 0 ? parent : throw new Xunit.Sdk.XunitException($"Directory {current} is not under TARGETDIR.");
        }

        parts.Reverse();
        return string.Join('\\', parts);
    }

    /// <summary>Every File row's install path (directory of its component + its long file name), by file key.</summary>
    public async Task<IReadOnlyDictionary<string, string>> FilePathsAsync()
    {
        var files = await TableAsync("File");
        var components = await TableAsync("Component");
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files.Rows)
        {
            var component = components.Single("Component", file["Component_"]);
            var directory = await DirectoryPathAsync(component["Directory_"]);
            paths[file["File"]] = directory + "\\" + file["FileName"].Split('|')[^1];
        }

        return paths;
    }
}
