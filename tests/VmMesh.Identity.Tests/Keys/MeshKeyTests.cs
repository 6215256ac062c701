using System.Security.Cryptography;
using VmMesh.Identity.Keys;

namespace VmMesh.Identity.Tests.Keys;

public class MeshKeyTests
{
    [Fact]
    public void Create_IsP256()
    {
        using var key = MeshKey.Create();

        Assert.Equal(256, key.KeySize);
        Assert.Equal("1.2.840.10045.3.1.7", key.ExportParameters(false).Curve.Oid.Value);
    }

    [Fact]
    public void PrivateKeyPem_RoundTrip_SignsVerifiably()
    {
        using var key = MeshKey.Create();
        var pem = MeshKey.ExportPrivateKeyPem(key);

        using var imported = MeshKey.ImportPrivateKeyPem(pem);
        var signature = imported.SignData("hello"u8, HashAlgorithmName.SHA256);

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.True(key.VerifyData("hello"u8, signature, HashAlgorithmName.SHA256));
    }

    [Fact]
    public void ImportPrivateKeyPem_P384_RejectedWithExactMessage()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var ex = Assert.Throws<ArgumentException>(() => MeshKey.ImportPrivateKeyPem(p384.ExportPkcs8PrivateKeyPem()));

        Assert.Equal("Private key is on curve P-384 (1.3.132.0.34); VmMesh keys must be ECDSA P-256 (Parameter 'pem')", ex.Message);
    }

    [Theory]
    [InlineData("", "Private key PEM is empty; expected a '-----BEGIN PRIVATE KEY-----' block (Parameter 'pem')")]
    [InlineData("not a key", "Private key PEM does not hold an ECDSA private key; expected a '-----BEGIN PRIVATE KEY-----' block written by the sidecar (Parameter 'pem')")]
    public void ImportPrivateKeyPem_Garbage_RejectedWithExactMessage(string pem, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => MeshKey.ImportPrivateKeyPem(pem));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void ImportPrivateKeyPem_RsaKey_Rejected()
    {
        using var rsa = RSA.Create(2048);

        var ex = Assert.Throws<ArgumentException>(() => MeshKey.ImportPrivateKeyPem(rsa.ExportPkcs8PrivateKeyPem()));

        Assert.Equal("Private key PEM does not hold an ECDSA private key; expected a '-----BEGIN PRIVATE KEY-----' block written by the sidecar (Parameter 'pem')", ex.Message);
    }
}
