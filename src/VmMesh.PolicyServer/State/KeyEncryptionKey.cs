using System.Security.Cryptography;
using System.Text;

namespace VmMesh.PolicyServer.State;

/// <summary>
/// The key-encryption key (32 bytes, from --kek-file) that seals CA private keys in KV with AES-256-GCM: a random
/// 96-bit nonce per seal and the root ID as associated data, so a sealed key cannot be moved to another root's entry.
/// Sealed form: base64(nonce ‖ ciphertext ‖ tag).
/// </summary>
internal sealed class KeyEncryptionKey : IDisposable
{
    public const int Length = 32;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    private readonly byte[] _key;

    public KeyEncryptionKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != Length)
        {
            throw new ArgumentException($"The KEK is {key.Length} bytes; it must be exactly {Length} bytes", nameof(key));
        }

        _key = key.ToArray();
    }

    public string Seal(ReadOnlySpan<byte> plaintext, string rootId)
    {
        var sealedBytes = new byte[NonceLength + plaintext.Length + TagLength];
        var nonce = sealedBytes.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagLength);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceLength, plaintext.Length), sealedBytes.AsSpan(NonceLength + plaintext.Length), Encoding.UTF8.GetBytes(rootId));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>Opens a sealed key; throws <see cref="CryptographicException"/> when the KEK or root ID is wrong.</summary>
    public byte[] Open(string sealedText, string rootId)
    {
        var sealedBytes = Convert.FromBase64String(sealedText);
        if (sealedBytes.Length < NonceLength + TagLength)
        {
            throw new CryptographicException($"sealed key of root {rootId} is {sealedBytes.Length} bytes, too short to be AES-GCM output");
        }

        var plaintext = new byte[sealedBytes.Length - NonceLength - TagLength];
        using var aes = new AesGcm(_key, TagLength);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceLength), sealedBytes.AsSpan(NonceLength, plaintext.Length), sealedBytes.AsSpan(NonceLength + plaintext.Length), plaintext, Encoding.UTF8.GetBytes(rootId));
        return plaintext;
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
