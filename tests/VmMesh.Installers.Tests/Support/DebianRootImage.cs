using System.Security.Cryptography;
using System.Text;
using VmMesh.Testing;

namespace VmMesh.Installers.Tests.Support;

/// <summary>
/// The cached tarball of a minimal Debian root (debootstrap --variant=minbase), built once per machine and per package
/// list under /var/cache/vmmesh-tests/ and reused by every later run, plus its extracted tree next to it, which every
/// <see cref="DebianRoot"/> uses read-only as the lower layer of an overlay (copying 200 MB per test is too slow on a
/// loaded 2-core machine). Builds are serialised across test classes and across processes with a lock file, and the
/// tarball and the tree are renamed into place only when complete, so a crashed build never leaves a half root that
/// later runs would trust.
/// </summary>
public static class DebianRootImage
{
    public const string Suite = "bookworm";
    public const string Variant = "minbase";

    /// <summary>
    /// What the debs depend on (see installers/deb/*/control) plus what the tests use inside the root: systemd for
    /// deb-systemd-helper and systemd-analyze, adduser for the postinst, libssl3 and ca-certificates for .NET's TLS.
    /// </summary>
    public static readonly IReadOnlyList<string> BasePackages =
        ["adduser", "ca-certificates", "init-system-helpers", "libc6", "libgcc-s1", "libssl3", "libstdc++6", "systemd", "zlib1g"];

    public static string CacheDirectory { get; } = Environment.GetEnvironmentVariable("VMMESH_TEST_CACHE") ?? "/var/cache/vmmesh-tests";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);
    private static readonly SemaphoreSlim InProcess = new(1, 1);

    /// <summary>
    /// The extracted tree (never to be written to) of the root holding <see cref="BasePackages"/> plus
    /// <paramref name="extraPackages"/>; the tarball and the tree are built first if missing.
    /// </summary>
    public static async Task<string> GetTreeAsync(IEnumerable<string> extraPackages)
    {
        var packages = BasePackages.Concat(extraPackages).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Suite}|{Variant}|{string.Join(',', packages)}")))[..16];
        var tarball = Path.Combine(CacheDirectory, $"debian-{Suite}-{Variant}-{key}.tar");
        var tree = Path.Combine(CacheDirectory, $"debian-{Suite}-{Variant}-{key}.root");
        if (Directory.Exists(tree))
        {
            return tree;
        }

        Directory.CreateDirectory(CacheDirectory);
        await InProcess.WaitAsync(BuildTimeout);
        try
        {
            using var fileLock = await AcquireFileLockAsync(Path.Combine(CacheDirectory, ".build.lock"));
            if (!File.Exists(tarball))
            {
                await BuildAsync(packages, tarball);
            }

            if (!Directory.Exists(tree))
            {
                await ExtractAsync(tarball, tree);
            }
        }
        finally
        {
            InProcess.Release();
        }

        return tree;
    }

    private static async Task ExtractAsync(string tarball, string tree)
    {
        var partial = $"{tree}.partial-{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(partial);
            (await HostCommand.RunAsync("tar", ["--numeric-owner", "-xpf", tarball, "-C", partial], BuildTimeout))
                .EnsureSuccess($"extracting {tarball}");
            Directory.Move(partial, tree);
        }
        finally
        {
            await HostCommand.RunAsync("rm", ["-rf", "--one-file-system", partial], TimeSpan.FromMinutes(5));
        }
    }

    private static async Task BuildAsync(string[] packages, string tarball)
    {
        var mirror = DebianMirror.Find();
        var buildDir = Path.Combine(CacheDirectory, $"build-{Guid.NewGuid():N}");
        var partial = tarball + ".partial";
        try
        {
            (await HostCommand.RunAsync(
                "debootstrap",
                [$"--variant={Variant}", $"--include={string.Join(',', packages)}", Suite, buildDir, mirror],
                BuildTimeout)).EnsureSuccess($"debootstrap of Debian {Suite} from {mirror} into {buildDir} (is the debootstrap package installed and the mirror reachable?)");

            // A chroot must not start services from maintainer scripts (policy-rc.d, see invoke-rc.d(8)); the downloaded
            // .debs are not needed once installed.
            var policyRcd = Path.Combine(buildDir, "usr/sbin/policy-rc.d");
            await File.WriteAllTextAsync(policyRcd, "#!/bin/sh\n# Test root: maintainer scripts must not start services here.\nexit 101\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(policyRcd, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }

            foreach (var deb in Directory.EnumerateFiles(Path.Combine(buildDir, "var/cache/apt/archives"), "*.deb"))
            {
                File.Delete(deb);
            }

            (await HostCommand.RunAsync("tar", ["--numeric-owner", "-C", buildDir, "-cf", partial, "."], BuildTimeout))
                .EnsureSuccess($"tar of the Debian root {buildDir}");
            File.Move(partial, tarball, overwrite: true);
        }
        finally
        {
            await HostCommand.RunAsync("rm", ["-rf", "--one-file-system", buildDir, partial], TimeSpan.FromMinutes(5));
        }
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path)
    {
        // FileShare.None takes an exclusive flock on Linux, so a second test process waits here until the first has built.
        var deadline = DateTime.UtcNow + BuildTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}
