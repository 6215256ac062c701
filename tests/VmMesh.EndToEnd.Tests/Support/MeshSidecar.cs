using VmMesh.Testing;

namespace VmMesh.EndToEnd.Tests.Support;

/// <summary>A running test sidecar: where it runs, what it is, its config file and its process (a new one after a restart).</summary>
internal sealed record MeshSidecar(NetworkNamespace Host, SidecarSpec Spec, string ConfigFile, ChildProcess Process)
{
    /// <summary>The data directory that holds its fail-static cache.</summary>
    public string DataDir => Path.Combine(Path.GetDirectoryName(ConfigFile)!, "data");
}
