using System.Security.Cryptography;
using VmMesh.PolicyServer.Hosting;

namespace VmMesh.PolicyServer.Tests.Hosting;

public sealed class SecretFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vmmesh-secrets-").FullName;

    [Fact]
    public void ReadKek_RawOrBase64_Accepted()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var raw = Write("raw", key);
        var text = Write("b64", System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"));

        Assert.Equal(key, SecretFiles.ReadKek(raw));
        Assert.Equal(key, SecretFiles.ReadKek(text));
    }

    [Fact]
    public void ReadKek_Missing_NamesTheFix()
    {
        var path = Path.Combine(_dir, "none");

        var ex = Assert.Throws<StartupException>(() => SecretFiles.ReadKek(path));

        Assert.Equal($"KEK file {path} does not exist; create one with: head -c 32 /dev/urandom > {path} && chmod 600 {path}", ex.Message);
    }

    [Fact]
    public void ReadKek_WrongSize_NamesTheFix()
    {
        var path = Write("short", new byte[16]);

        var ex = Assert.Throws<StartupException>(() => SecretFiles.ReadKek(path));

        Assert.Equal($"KEK file {path} holds 16 bytes that are neither 32 raw bytes nor base64 of 32 bytes; create one with: head -c 32 /dev/urandom > {path} && chmod 600 {path}", ex.Message);
    }

    [Fact]
    public void ReadKek_ReadableByOthers_NamesTheFix()
    {
        var path = Write("open", RandomNumberGenerator.GetBytes(32));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var ex = Assert.Throws<StartupException>(() => SecretFiles.ReadKek(path));

        Assert.Equal($"KEK file {path} is accessible by group or others (mode 0644); restrict it with: chmod 600 {path}", ex.Message);
    }

    [Fact]
    public void AdminToken_CreatedOnceWithMode0600_ThenReused()
    {
        var path = Path.Combine(_dir, "admin-token");

        var (created, wasCreated) = SecretFiles.ReadOrCreateAdminToken(path, replace: false);
        var (again, createdAgain) = SecretFiles.ReadOrCreateAdminToken(path, replace: false);

        Assert.True(wasCreated);
        Assert.False(createdAgain);
        Assert.Equal(created, again);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
