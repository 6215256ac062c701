using VmMesh.Testing;

namespace VmMesh.Installers.Tests.Support;

/// <summary>The installer sources in the repository (what the packages were built from).</summary>
public static class RepoPathsInstallers
{
    public static string DebDir { get; } = Path.Combine(RepoPaths.Root, "installers", "deb");

    public static string SystemdDir { get; } = Path.Combine(RepoPaths.Root, "installers", "systemd");
}
