using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VmMesh.Identity.Authority;

/// <summary>
/// Names a certificate by the SHA-256 of its DER encoding, written <c>sha256:&lt;64 lower-case hex digits&gt;</c>.
/// Used as the root ID in trust bundles and as <c>policyServer.caFingerprint</c> for pinning on first contact.
/// </summary>
public static class CertificateFingerprint
{
    public const string Prefix = "sha256:";

    public static string Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Of(certificate.RawDataMemory.Span);
    }

    public static string Of(ReadOnlySpan<byte> der) => Prefix + Convert.ToHexStringLower(SHA256.HashData(der));

    /// <summary>True when <paramref name="fingerprint"/> names <paramref name="certificate"/> (hex compared case-insensitively).</summary>
    public static bool Matches(string fingerprint, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var error = Validate(fingerprint);
        if (error is not null)
        {
            throw new FormatException(error);
        }

        return string.Equals(fingerprint, Of(certificate), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Null when <paramref name="fingerprint"/> is well formed, otherwise the exact reason.</summary>
    public static string? Validate(string? fingerprint)
    {
        if (fingerprint is null || !fingerprint.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return $"Fingerprint '{fingerprint}' must start with '{Prefix}'; expected sha256:<64 hex digits of the SHA-256 of the certificate's DER>";
        }

        var hex = fingerprint.AsSpan(Prefix.Length);
        if (hex.Length != 64 || !hex.ContainsOnlyHex())
        {
            return $"Fingerprint '{fingerprint}' must have exactly 64 hex digits after '{Prefix}'";
        }

        return null;
    }

    private static bool ContainsOnlyHex(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
