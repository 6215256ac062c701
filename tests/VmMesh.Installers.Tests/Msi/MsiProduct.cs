using VmMesh.Installers.Tests.Support;

namespace VmMesh.Installers.Tests.Msi;

/// <summary>What one MSI must contain, written out independently of the .wxs so that a change to the source shows here.</summary>
internal sealed record MsiProduct(
    string Name,
    string ProductName,
    string UpgradeCode,
    string ServiceDisplayName,
    string ServiceArguments,
    string ConfigFileName,
    string ConfigComponent)
{
    public static readonly MsiProduct Sidecar = new(
        "vmmesh-sidecar",
        "VmMesh sidecar",
        "{3D726648-EB44-4ADE-BB7B-271B48FF08F6}",
        "VmMesh sidecar",
        "--config \"[CommonAppDataFolder]VmMesh\\sidecar.json\"",
        "sidecar.json",
        "SidecarConfig");

    public static readonly MsiProduct PolicyServer = new(
        "vmmesh-policy-server",
        "VmMesh policy server",
        "{7377AC49-4CAF-44B8-B505-EF40BE637993}",
        "VmMesh policy server",
        "--data-dir \"[CommonAppDataFolder]VmMesh\\vmmesh-policy-server\\data\" --kek-file \"[CommonAppDataFolder]VmMesh\\kek\" \"@[CommonAppDataFolder]VmMesh\\policy-server.rsp\"",
        "policy-server.rsp",
        "PolicyServerSwitches");

    /// <summary>Product names for [Theory] data.</summary>
    public static TheoryData<string> Names => new(Sidecar.Name, PolicyServer.Name);

    public static MsiProduct Get(string name) =>
        name == Sidecar.Name ? Sidecar : name == PolicyServer.Name ? PolicyServer : throw new ArgumentException($"No MSI product {name}.", nameof(name));

    public string MsiFileName => $"{Name}-{PackageArtifacts.Version}-x64.msi";

    public string ServiceExe => Name + ".exe";

    public string PublishDir => PackageArtifacts.PublishDir("win-x64", Name);

    public string InstallDir => $"ProgramFiles64Folder\\VmMesh\\{Name}";

    public string DataDir => $"CommonAppDataFolder\\VmMesh\\{Name}\\data";

    public string ConfigSource => Path.Combine(VmMesh.Testing.RepoPaths.Root, "installers", "msi", ConfigFileName);

    public Task<MsiDatabase> OpenAsync() => MsiDatabase.OpenAsync(PackageArtifacts.Package(MsiFileName));
}
