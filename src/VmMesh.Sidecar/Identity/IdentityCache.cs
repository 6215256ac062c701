using System.Text;

namespace VmMesh.Sidecar.Identity;

/// <summary>
/// The identity part of the fail-static cache: <c>&lt;dataDir&gt;/identity/{certificate,key,bundle}.pem</c>. The folder is
/// 0700 and every file 0600 on Unix from the moment it is created (written to a temporary name, then renamed, so a
/// crash never leaves half a file). A sidecar that restarts while the policy server is down serves from it.
/// </summary>
internal sealed class IdentityCache(string dataDir)
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Directory { get; } = Path.Combine(dataDir, "identity");

    public string CertificatePath => Path.Combine(Directory, "certificate.pem");

    public string KeyPath => Path.Combine(Directory, "key.pem");

    public string BundlePath => Path.Combine(Directory, "bundle.pem");

    /// <summary>The cached identity, or null when any of the three files is missing.</summary>
    public CachedIdentity? Load()
    {
        if (!File.Exists(CertificatePath) || !File.Exists(KeyPath) || !File.Exists(BundlePath))
        {
            return null;
        }

        return new CachedIdentity(File.ReadAllText(CertificatePath), File.ReadAllText(KeyPath), File.ReadAllText(BundlePath));
    }

    public void Save(CachedIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(Directory, OwnerOnlyDirectory);
        }

        // The key first: a certificate on disk without its key would be unusable after a crash between the writes.
        WriteOwnerOnly(KeyPath, identity.PrivateKeyPem);
        WriteOwnerOnly(CertificatePath, identity.CertificatePem);
        WriteOwnerOnly(BundlePath, identity.BundlePem);
    }

    private static void WriteOwnerOnly(string path, string content)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using (var stream = new FileStream(temporary, options))
        {
            // An older .tmp left by a crash keeps its mode on FileMode.Create; force owner-only again.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(stream.SafeFileHandle, OwnerOnlyFile);
            }

            stream.Write(Encoding.UTF8.GetBytes(content));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
