using System.Security.Cryptography;
using VmMesh.PolicyServer.State;

namespace VmMesh.PolicyServer.Tests.State;

public sealed class KeyEncryptionKeyTests
{
    [Fact]
    public void Seal_ThenOpen_RoundTripsWithAFreshNonceEachTime()
    {
        using var kek = new KeyEncryptionKey(RandomNumberGenerator.GetBytes(32));
        var secret = RandomNumberGenerator.GetBytes(100);

        var first = kek.Seal(secret, "sha256:aa");
        var second = kek.Seal(secret, "sha256:aa");

        Assert.NotEqual(first, second);
        Assert.Equal(secret, kek.Open(first, "sha256:aa"));
        Assert.Equal(secret, kek.Open(second, "sha256:aa"));
    }

    [Fact]
    public void Open_WithAnotherRootIdOrKek_Fails()
    {
        using var kek = new KeyEncryptionKey(RandomNumberGenerator.GetBytes(32));
        using var other = new KeyEncryptionKey(RandomNumberGenerator.GetBytes(32));
        var sealedKey = kek.Seal(RandomNumberGenerator.GetBytes(32), "sha256:aa");

        Assert.ThrowsAny<CryptographicException>(() => kek.Open(sealedKey, "sha256:bb"));
        Assert.ThrowsAny<CryptographicException>(() => other.Open(sealedKey, "sha256:aa"));
    }

    [Fact]
    public void Create_WrongLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new KeyEncryptionKey(new byte[16]));

        Assert.StartsWith("The KEK is 16 bytes; it must be exactly 32 bytes", ex.Message, StringComparison.Ordinal);
    }
}
