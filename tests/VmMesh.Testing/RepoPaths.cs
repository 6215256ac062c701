using System.Reflection;

namespace VmMesh.Testing;

/// <summary>Finds the repository and the built executables that end-to-end tests start.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration of this test assembly; executables are taken from the same one.</summary>
    public static string Configuration { get; } =
        typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>Path of a built executable's entry assembly, e.g. Executable("VmMesh.Cli", "vmmesh").</summary>
    public static string Executable(string project, string assemblyName)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", assemblyName + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: build the solution ({Configuration}) before running end-to-end tests.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VmMesh.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"VmMesh.sln not found above {AppContext.BaseDirectory}.");
    }
}
