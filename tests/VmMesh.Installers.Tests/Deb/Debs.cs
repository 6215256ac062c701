using VmMesh.Installers.Tests.Support;

namespace VmMesh.Installers.Tests.Deb;

/// <summary>The three debs build-debs.ps1 makes, and installing them into a <see cref="DebianRoot"/> with dpkg as an admin would.</summary>
public static class Debs
{
    public const string Sidecar = "vmmesh-sidecar";
    public const string PolicyServer = "vmmesh-policy-server";
    public const string Cli = "vmmesh-cli";

    public static readonly TimeSpan DpkgTimeout = TimeSpan.FromMinutes(5);

    public static IEnumerable<object[]> All => [[Sidecar], [PolicyServer], [Cli]];

    public static IEnumerable<object[]> Daemons => [[Sidecar], [PolicyServer]];

    public static string Path(string package) => PackageArtifacts.Package($"{package}_{PackageArtifacts.Version}_amd64.deb");

    /// <summary>The program folder under /usr/lib/vmmesh (the publish's name) and the /usr/bin command of a package.</summary>
    public static string Program(string package) => package == Cli ? "vmmesh" : package;

    /// <summary>Copies the debs into the root and installs them with dpkg -i; throws with dpkg's output on failure.</summary>
    public static async Task InstallAsync(DebianRoot root, params string[] packages)
    {
        ArgumentNullException.ThrowIfNull(root);
        var inRoot = new List<string>();
        Directory.CreateDirectory(root.HostPath("/tmp/debs"));
        foreach (var package in packages)
        {
            var name = System.IO.Path.GetFileName(Path(package));
            File.Copy(Path(package), root.HostPath($"/tmp/debs/{name}"), overwrite: true);
            inRoot.Add($"/tmp/debs/{name}");
        }

        (await root.RunAsync(["dpkg", "-i", .. inRoot], DpkgTimeout)).EnsureSuccess($"dpkg -i {string.Join(' ', packages)}");
    }
}
