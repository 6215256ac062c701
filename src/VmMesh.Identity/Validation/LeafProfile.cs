using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Authority;

namespace VmMesh.Identity.Validation;

/// <summary>
/// The leaf's own profile, checked before any chain work: not a CA, each extension at most once, KeyUsage present
/// and critical with digitalSignature and without certificate signing, the EKU the peer's role needs, an ECDSA P-256
/// key and an ECDSA-SHA-2 signature.
/// </summary>
internal static class LeafProfile
{
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    private const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";

    public static ValidationResult? Check(X509Certificate2 leaf, string name, PeerRole role)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        X509KeyUsageExtension? keyUsage = null;
        X509EnhancedKeyUsageExtension? extendedKeyUsage = null;
        foreach (var extension in leaf.Extensions)
        {
            var oid = extension.Oid?.Value ?? string.Empty;
            if (!seen.Add(oid))
            {
                return ValidationResult.Invalid(ValidationFailure.Malformed, $"certificate {name} has two {oid} extensions; a certificate must carry each extension at most once");
            }

            switch (extension)
            {
                case X509BasicConstraintsExtension { CertificateAuthority: true }:
                    return ValidationResult.Invalid(ValidationFailure.CertificateAuthorityAsLeaf, $"certificate {name} is a CA certificate (BasicConstraints CA:true); a CA certificate is never accepted as a peer");
                case X509KeyUsageExtension ku:
                    keyUsage = ku;
                    break;
                case X509EnhancedKeyUsageExtension eku:
                    extendedKeyUsage = eku;
                    break;
            }
        }

        return CheckKeyUsage(keyUsage, name)
            ?? CheckExtendedKeyUsage(extendedKeyUsage, name, role)
            ?? CheckKey(leaf, name)
            ?? CheckSignatureAlgorithm(leaf, name);
    }

    private static ValidationResult? CheckKeyUsage(X509KeyUsageExtension? keyUsage, string name)
    {
        if (keyUsage is null)
        {
            return ValidationResult.Invalid(ValidationFailure.KeyUsageMissing, $"certificate {name} has no KeyUsage extension; SPIFFE certificates carry a critical KeyUsage with digitalSignature");
        }

        if (!keyUsage.Critical)
        {
            return ValidationResult.Invalid(ValidationFailure.KeyUsageNotCritical, $"certificate {name} has a non-critical KeyUsage extension; SPIFFE requires it to be critical");
        }

        if ((keyUsage.KeyUsages & (X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign)) != 0)
        {
            return ValidationResult.Invalid(ValidationFailure.CertificateSigningKeyUsage, $"certificate {name} KeyUsage allows keyCertSign or cRLSign; a peer certificate must not be able to sign certificates");
        }

        return (keyUsage.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0
            ? ValidationResult.Invalid(ValidationFailure.DigitalSignatureMissing, $"certificate {name} KeyUsage lacks digitalSignature; it cannot authenticate a handshake or a signature")
            : null;
    }

    private static ValidationResult? CheckExtendedKeyUsage(X509EnhancedKeyUsageExtension? extendedKeyUsage, string name, PeerRole role)
    {
        var (required, label) = role switch
        {
            PeerRole.Server => (X509Oids.ServerAuth, "serverAuth"),
            PeerRole.Client => (X509Oids.ClientAuth, "clientAuth"),
            _ => (null, null),
        };
        if (required is null)
        {
            return null;
        }

        if (extendedKeyUsage is null)
        {
            return ValidationResult.Invalid(ValidationFailure.ExtendedKeyUsageMissing, $"certificate {name} has no ExtendedKeyUsage extension; a TLS {role.ToString().ToLowerInvariant()} certificate needs {label}");
        }

        foreach (var usage in extendedKeyUsage.EnhancedKeyUsages)
        {
            if (usage.Value == required)
            {
                return null;
            }
        }

        return ValidationResult.Invalid(ValidationFailure.WrongExtendedKeyUsage, $"certificate {name} ExtendedKeyUsage lacks {label}; it cannot be used by a TLS {role.ToString().ToLowerInvariant()}");
    }

    private static ValidationResult? CheckKey(X509Certificate2 leaf, string name)
    {
        var algorithm = leaf.PublicKey.Oid.Value;
        var curve = algorithm == X509Oids.EcPublicKey ? SigningRequestReader.ReadCurveOid(leaf.PublicKey.EncodedParameters?.RawData ?? []) : null;
        return curve == X509Oids.NistP256
            ? null
            : ValidationResult.Invalid(ValidationFailure.UnsupportedKey, $"certificate {name} has a {leaf.PublicKey.Oid.FriendlyName ?? algorithm} key{(curve is null ? string.Empty : $" on curve {curve}")}; mesh peers use ECDSA P-256 keys");
    }

    private static ValidationResult? CheckSignatureAlgorithm(X509Certificate2 leaf, string name)
    {
        // The chain builder may still accept SHA-1 depending on the OpenSSL security level; the mesh CA never uses it.
        var algorithm = leaf.SignatureAlgorithm.Value;
        return algorithm is EcdsaWithSha256 or EcdsaWithSha384
            ? null
            : ValidationResult.Invalid(ValidationFailure.UnsupportedSignatureAlgorithm, $"certificate {name} is signed with {leaf.SignatureAlgorithm.FriendlyName ?? algorithm}; mesh certificates are signed with ECDSA and SHA-256 or SHA-384");
    }
}
