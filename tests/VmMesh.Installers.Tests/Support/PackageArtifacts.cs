using System.Xml.Linq;
using VmMesh.Testing;

namespace VmMesh.Installers.Tests.Support;

/// <summary>Finds what `build.ps1 package` wrote: the debs and MSIs in artifacts/packages, and the publishes.</summary>
public static class PackageArtifacts
{
    public static string PackagesDir { get; } = Path.Combine(RepoPaths.Root, "artifacts", "packages");

    public static string PublishDir(string runtime, string name) => Path.Combine(RepoPaths.Root, "artifacts", "publish", runtime, name);

    /// <summary>The product version, as Directory.Build.props gives it (the packages carry the same one).</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>Path of one built package, e.g. Package("vmmesh-sidecar_0.1.0_amd64.deb").</summary>
    public static string Package(string fileName)
    {
        var path = Path.Combine(PackagesDir, fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: run `dotnet pwsh ./build.ps1 package` first (the test task does).", path);
    }

    private static string ReadVersion()
    {
        var props = XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Build.props"));
        return props.Descendants("Version").Select(v => v.Value).FirstOrDefault()
            ?? throw new InvalidOperationException("Directory.Build.props has no <Version>.");
    }
}
