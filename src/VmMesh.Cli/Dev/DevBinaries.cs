using System.Reflection;

namespace VmMesh.Cli.Dev;

/// <summary>
/// Finds the built executables `vmmesh dev` starts: <c>src/&lt;Project&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;name&gt;.dll</c> in the
/// repository this CLI was built from, in the CLI's own configuration (the CLI project builds them too).
/// </summary>
internal static class DevBinaries
{
    public static string Configuration { get; } =
        typeof(DevBinaries).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The dll path, or null with a message in <paramref name="errors"/> that names the fix.</summary>
    public static string Find(string project, string assemblyName, List<string> errors)
    {
        var root = FindRoot();
        var path = root is null
            ? Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll")
            : Path.Combine(root, "src", project, "bin", Configuration, "net10.0", assemblyName + ".dll");
        if (!File.Exists(path))
        {
            errors.Add($"{path} is missing; build the repository first with 'dotnet pwsh ./build.ps1 build' (or run 'dotnet pwsh ./build.ps1 demo')");
        }

        return path;
    }

    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VmMesh.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
