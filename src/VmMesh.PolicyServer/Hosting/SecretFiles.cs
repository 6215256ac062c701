using System.Security.Cryptography;
using System.Text;

namespace VmMesh.PolicyServer.Hosting;

/// <summary>
/// The files that hold secrets: the KEK (32 random bytes, raw or base64) and the admin token. Both must be readable
/// by the owner only on Unix (mode 0600); new ones are created that way.
/// </summary>
internal static class SecretFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Reads the KEK, or throws <see cref="StartupException"/> naming the problem and the fix.</summary>
    public static byte[] ReadKek(string path)
    {
        var fix = $"create one with: head -c 32 /dev/urandom > {path} && chmod 600 {path}";
        if (!File.Exists(path))
        {
            throw new StartupException($"KEK file {path} does not exist; {fix}");
        }

        CheckOwnerOnly(path, "KEK file");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 32)
        {
            return bytes;
        }

        var text = Encoding.ASCII.GetString(bytes).Trim();
        var decoded = new byte[text.Length];
        if (Convert.TryFromBase64String(text, decoded, out var written) && written == 32)
        {
            return decoded[..32];
        }

        throw new StartupException($"KEK file {path} holds {bytes.Length} bytes that are neither 32 raw bytes nor base64 of 32 bytes; {fix}");
    }

    /// <summary>Creates a new random KEK file (dev mode) unless one exists.</summary>
    public static void CreateKekIfMissing(string path)
    {
        if (!File.Exists(path))
        {
            WriteOwnerOnly(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
        }
    }

    /// <summary>Reads the admin token, creating a random one first when the file is absent (or when <paramref name="replace"/>).</summary>
    public static (string Token, bool Created) ReadOrCreateAdminToken(string path, bool replace)
    {
        if (!replace && File.Exists(path))
        {
            CheckOwnerOnly(path, "admin token file");
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length < 16)
            {
                throw new StartupException($"admin token file {path} holds {existing.Length} characters; use at least 16 random characters, or delete the file to have a new token made");
            }

            return (existing, false);
        }

        var token = "adm_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        WriteOwnerOnly(path, token + "\n");
        return (token, true);
    }

    public static string ReadConsulToken(string path) =>
        File.Exists(path)
            ? File.ReadAllText(path).Trim()
            : throw new StartupException($"Consul token file {path} does not exist; pass the file that holds this server's Consul ACL token");

    public static void WriteOwnerOnly(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(content);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }

    private static void CheckOwnerOnly(string path, string what)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
        {
            throw new StartupException($"{what} {path} is accessible by group or others (mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}); restrict it with: chmod 600 {path}");
        }
    }
}
