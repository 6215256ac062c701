using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;

namespace VmMesh.Identity.Signing;

/// <summary>
/// Verifies a compact JWS strictly: exactly three canonical base64url parts, a header with only alg/typ/kid/x5c
/// and no duplicate members, <c>alg</c> exactly ES256 (so <c>none</c>, HS256 and key-confusion tricks are refused),
/// an x5c chain, a 64-byte P1363 signature that verifies with the x5c leaf's P-256 key, a leaf that
/// <see cref="LeafValidator"/> accepts against the trust bundle, and a signer ID equal to the expected one.
/// Only then is the payload returned. Thread-safe.
/// </summary>
public sealed class JwsVerifier
{
    public const string Algorithm = "ES256";
    public const string Type = "JOSE";

    /// <summary>Default limit on the whole JWS: policy shards are small, and a cap bounds parsing work.</summary>
    public const int DefaultMaxLength = 4 * 1024 * 1024;

    private const int MaxChainLength = 5;

    private static readonly JsonDocumentOptions HeaderOptions = new() { AllowDuplicateProperties = false, MaxDepth = 4 };

    private readonly LeafValidator _validator;
    private readonly int _maxLength;

    public JwsVerifier(LeafValidator validator, int maxLength = DefaultMaxLength)
    {
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        _maxLength = maxLength;
    }

    public JwsVerificationResult Verify(string? jws, TrustBundle bundle, SpiffeId expectedSigner)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(expectedSigner);
        if (string.IsNullOrEmpty(jws))
        {
            return JwsVerificationResult.Invalid(JwsFailure.Malformed, "JWS is empty; expected header.payload.signature");
        }

        if (jws.Length > _maxLength)
        {
            return JwsVerificationResult.Invalid(JwsFailure.TooLarge, $"JWS is {jws.Length} characters long; the limit is {_maxLength}");
        }

        var parts = jws.Split('.');
        if (parts.Length != 3)
        {
            return JwsVerificationResult.Invalid(JwsFailure.Malformed, $"JWS has {parts.Length} parts; compact serialization has exactly 3 (header.payload.signature)");
        }

        if (!TryDecode(parts[0], out var headerBytes) || !TryDecode(parts[1], out var payload) || !TryDecode(parts[2], out var signature))
        {
            return JwsVerificationResult.Invalid(JwsFailure.Malformed, "JWS part is not canonical base64url without padding");
        }

        var header = ParseHeader(headerBytes, out var chain);
        if (header is not null)
        {
            return header;
        }

        try
        {
            return VerifyWithChain(jws, parts, payload, signature, chain!, bundle, expectedSigner);
        }
        catch (CryptographicException)
        {
            // Certificate fields are decoded lazily; a malformed x5c leaf surfaces here.
            return JwsVerificationResult.Invalid(JwsFailure.Malformed, "JWS x5c leaf certificate is malformed (a field does not decode)");
        }
        finally
        {
            foreach (var certificate in chain!.Certificates)
            {
                certificate.Dispose();
            }
        }
    }

    private JwsVerificationResult VerifyWithChain(string jws, string[] parts, byte[] payload, byte[] signature, HeaderContents header, TrustBundle bundle, SpiffeId expectedSigner)
    {
        var leaf = header.Certificates[0];
        using var key = leaf.GetECDsaPublicKey();
        if (key is null || key.KeySize != 256)
        {
            return JwsVerificationResult.Invalid(JwsFailure.BadSignature, "JWS x5c leaf does not have an ECDSA P-256 key; ES256 needs one");
        }

        var signingInput = Encoding.ASCII.GetBytes(jws, 0, parts[0].Length + 1 + parts[1].Length);
        if (signature.Length != 64 || !key.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return JwsVerificationResult.Invalid(JwsFailure.BadSignature, "JWS signature does not verify with the x5c leaf's key; the header or payload was altered, or it was signed with another key");
        }

        var signer = _validator.Validate(bundle, leaf, header.Certificates.Skip(1), PeerRole.Signer, expectedSigner);
        if (!signer.IsValid)
        {
            var failure = signer.Failure == ValidationFailure.WrongIdentity ? JwsFailure.WrongSigner : JwsFailure.UntrustedSigner;
            return JwsVerificationResult.Invalid(failure, $"JWS signer rejected: {signer.Message}", signer.Failure);
        }

        return JwsVerificationResult.Valid(payload, signer.Identity, header.KeyId);
    }

    private static JwsVerificationResult? ParseHeader(byte[] headerBytes, out HeaderContents? contents)
    {
        List<X509Certificate2> certificates = [];
        var error = ParseHeader(headerBytes, certificates, out var keyId);
        if (error is not null)
        {
            // Certificates already decoded from x5c are not handed out with a failure; free them here.
            DisposeAll(certificates);
            contents = null;
            return error;
        }

        contents = new HeaderContents(certificates, keyId);
        return null;
    }

    private static JwsVerificationResult? ParseHeader(byte[] headerBytes, List<X509Certificate2> certificates, out string? keyId)
    {
        keyId = null;
        string? algorithm = null;
        try
        {
            using var document = JsonDocument.Parse(headerBytes, HeaderOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return JwsVerificationResult.Invalid(JwsFailure.Malformed, "JWS header is not a JSON object");
            }

            foreach (var member in document.RootElement.EnumerateObject())
            {
                switch (member.Name)
                {
                    case "alg" when member.Value.ValueKind == JsonValueKind.String:
                        algorithm = member.Value.GetString();
                        break;
                    case "typ" when member.Value.ValueKind == JsonValueKind.String && member.Value.GetString() == Type:
                        break;
                    case "kid" when member.Value.ValueKind == JsonValueKind.String:
                        keyId = member.Value.GetString();
                        break;
                    case "x5c" when member.Value.ValueKind == JsonValueKind.Array:
                        var error = ReadChain(member.Value, certificates);
                        if (error is not null)
                        {
                            return error;
                        }

                        break;
                    case "alg" or "typ" or "kid" or "x5c":
                        return JwsVerificationResult.Invalid(JwsFailure.Malformed, $"JWS header '{member.Name}' has an unexpected value; expected alg \"ES256\", typ \"JOSE\", kid a string and x5c an array");
                    default:
                        // crit, jku, jwk, x5u and friends would change how the signature must be checked; refuse them.
                        return JwsVerificationResult.Invalid(JwsFailure.Malformed, $"JWS header has unsupported parameter '{Shown(member.Name)}'; only alg, typ, kid and x5c are allowed");
                }
            }
        }
        catch (JsonException)
        {
            return JwsVerificationResult.Invalid(JwsFailure.Malformed, "JWS header is not valid JSON or repeats a member");
        }

        if (algorithm != Algorithm)
        {
            return JwsVerificationResult.Invalid(JwsFailure.UnsupportedAlgorithm, algorithm is null
                ? "JWS header has no alg; VmMesh accepts only ES256"
                : $"JWS alg '{Shown(algorithm)}' is not accepted; VmMesh accepts only ES256");
        }

        return certificates.Count == 0
            ? JwsVerificationResult.Invalid(JwsFailure.MissingCertificateChain, "JWS header has no x5c certificate chain; the signer must include its certificate")
            : null;
    }

    private static JwsVerificationResult? ReadChain(JsonElement array, List<X509Certificate2> certificates)
    {
        if (array.GetArrayLength() > MaxChainLength)
        {
            return JwsVerificationResult.Invalid(JwsFailure.Malformed, $"JWS x5c has {array.GetArrayLength()} certificates; the limit is {MaxChainLength}");
        }

        foreach (var item in array.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            var der = text is null ? null : TryFromBase64(text);
            if (der is null)
            {
                return JwsVerificationResult.Invalid(JwsFailure.Malformed, "JWS x5c entry is not a base64 string (standard base64 of DER, per RFC 7515)");
            }

            try
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(der));
            }
            catch (CryptographicException)
            {
                return JwsVerificationResult.Invalid(JwsFailure.Malformed, "JWS x5c entry is not a DER certificate");
            }
        }

        return null;
    }

    private static byte[]? TryFromBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>Decodes base64url, accepting only the canonical form (no padding, no whitespace, zero trailing bits).</summary>
    private static bool TryDecode(string part, out byte[] bytes)
    {
        bytes = [];
        foreach (var c in part)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        if (part.Length % 4 == 1)
        {
            return false;
        }

        try
        {
            bytes = Base64Url.DecodeFromChars(part);
        }
        catch (FormatException)
        {
            return false;
        }

        return string.Equals(Base64Url.EncodeToString(bytes), part, StringComparison.Ordinal);
    }

    /// <summary>Attacker-chosen header text, escaped and cut short before it reaches a log line.</summary>
    private static string Shown(string text) => CharDisplay.Escape(text.Length > 64 ? text[..64] + "..." : text);

    private static void DisposeAll(List<X509Certificate2> certificates)
    {
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }

        certificates.Clear();
    }

    private sealed record HeaderContents(List<X509Certificate2> Certificates, string? KeyId);
}
