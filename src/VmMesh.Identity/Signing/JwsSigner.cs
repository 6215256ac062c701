// Signed policy documents. The policy server signs each intention shard as a compact JWS (ES256) whose
// x5c header carries its mesh certificate chain; sidecars verify the signature, the chain against the
// trust bundle and the signer's SPIFFE ID, so write access to Consul KV alone cannot forge a policy.
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace VmMesh.Identity.Signing;

/// <summary>
/// Produces compact JWS: <c>base64url(header).base64url(payload).base64url(signature)</c> with header
/// <c>{"alg":"ES256","typ":"JOSE","x5c":[...],"kid":...}</c> and an IEEE P1363 (r||s, 64-byte) signature, as
/// RFC 7518 requires for ES256. Thread-safe.
/// </summary>
public sealed class JwsSigner : IDisposable
{
    private readonly ECDsa _key;
    private readonly string _encodedHeader;
    private readonly Lock _signing = new();

    /// <param name="signingCertificate">The signer's leaf with its P-256 private key.</param>
    /// <param name="chain">Certificates between the leaf and a root (e.g. a cross-signed root during rotation); may be empty.</param>
    /// <param name="keyId">Optional <c>kid</c>, e.g. the leaf's fingerprint.</param>
    public JwsSigner(X509Certificate2 signingCertificate, IEnumerable<X509Certificate2>? chain = null, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(signingCertificate);
        _key = signingCertificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException($"Certificate '{signingCertificate.Subject}' has no ECDSA private key; ES256 signing needs the leaf's P-256 key", nameof(signingCertificate));
        if (_key.KeySize != 256)
        {
            _key.Dispose();
            throw new ArgumentException($"Certificate '{signingCertificate.Subject}' has a {signingCertificate.GetECDsaPublicKey()?.KeySize}-bit ECDSA key; ES256 needs P-256", nameof(signingCertificate));
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", JwsVerifier.Algorithm);
            writer.WriteString("typ", JwsVerifier.Type);
            writer.WriteStartArray("x5c");
            writer.WriteStringValue(Convert.ToBase64String(signingCertificate.RawData));
            foreach (var certificate in chain ?? [])
            {
                writer.WriteStringValue(Convert.ToBase64String(certificate.RawData));
            }

            writer.WriteEndArray();
            if (keyId is not null)
            {
                writer.WriteString("kid", keyId);
            }

            writer.WriteEndObject();
        }

        _encodedHeader = Base64Url.EncodeToString(buffer.ToArray());
    }

    public string Sign(ReadOnlySpan<byte> payload)
    {
        var signingInput = _encodedHeader + "." + Base64Url.EncodeToString(payload);
        byte[] signature;
        lock (_signing)
        {
            signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    public void Dispose() => _key.Dispose();
}
