namespace VmMesh.Sidecar.Configuration;

/// <summary>Where the sidecar looks for its config file and keeps its data when nothing else is said.</summary>
internal static class ConfigPaths
{
    public static string DefaultConfigFile =>
        OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "VmMesh", "sidecar.json")
            : "/etc/vmmesh/sidecar.json";

    public static string DefaultDataDir =>
        OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "VmMesh", "data")
            : "/var/lib/vmmesh";
}
