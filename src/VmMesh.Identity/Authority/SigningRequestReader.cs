using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VmMesh.Identity.Authority;

/// <summary>
/// Reads a PKCS#10 CSR only to learn its public key: the PEM is decoded, the request parsed, the key checked to be
/// ECDSA P-256 and the self-signature verified (proof of possession). Names, extensions and attributes in the CSR are
/// ignored on purpose: the certificate's identity comes from whoever authenticated the caller, never from the CSR.
/// </summary>
internal static class SigningRequestReader
{
    private const string PemLabel = "CERTIFICATE REQUEST";
    private const string LegacyPemLabel = "NEW CERTIFICATE REQUEST";

    public static PublicKey ReadPublicKey(string? csrPem)
    {
        var der = DecodePem(csrPem);

        CertificateRequest parsed;
        try
        {
            parsed = CertificateRequest.LoadSigningRequest(
                der, HashAlgorithmName.SHA256, out var consumed, CertificateRequestLoadOptions.SkipSignatureValidation);
            if (consumed != der.Length)
            {
                throw new CsrRejectedException(CsrRejection.Malformed, $"CSR has {der.Length - consumed} bytes after the request; send exactly one PKCS#10 request");
            }
        }
        catch (Exception ex) when (IsParseFailure(ex))
        {
            throw new CsrRejectedException(CsrRejection.Malformed, "CSR is not a valid PKCS#10 certification request; generate it with the sidecar's CSR builder or 'openssl req -new'", ex);
        }

        CheckKey(parsed.PublicKey);

        try
        {
            // Default options verify the self-signature with the request's own key.
            CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, out _, CertificateRequestLoadOptions.Default);
        }
        catch (Exception ex) when (IsParseFailure(ex))
        {
            throw new CsrRejectedException(CsrRejection.BadSignature, "CSR signature does not verify with the CSR's public key; the request was altered or signed with another key", ex);
        }

        return parsed.PublicKey;
    }

    // The platform reports undecodable or unsupported input with several exception types (e.g. NotSupportedException
    // for an unknown signature algorithm OID); every one of them means "reject this CSR".
    private static bool IsParseFailure(Exception ex) =>
        ex is CryptographicException or NotSupportedException or ArgumentException or AsnContentException;

    private static byte[] DecodePem(string? csrPem)
    {
        if (string.IsNullOrWhiteSpace(csrPem))
        {
            throw new CsrRejectedException(CsrRejection.InvalidPem, "CSR is empty; send a PEM block starting with '-----BEGIN CERTIFICATE REQUEST-----'");
        }

        if (!PemEncoding.TryFind(csrPem, out var fields))
        {
            throw new CsrRejectedException(CsrRejection.InvalidPem, "CSR is not PEM; send a PEM block starting with '-----BEGIN CERTIFICATE REQUEST-----'");
        }

        var label = csrPem.AsSpan()[fields.Label];
        if (!label.SequenceEqual(PemLabel) && !label.SequenceEqual(LegacyPemLabel))
        {
            throw new CsrRejectedException(CsrRejection.InvalidPem, $"CSR PEM block is labelled '{label}'; expected 'CERTIFICATE REQUEST'");
        }

        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(csrPem.AsSpan()[fields.Base64Data], der, out var written))
        {
            throw new CsrRejectedException(CsrRejection.InvalidPem, "CSR PEM body is not valid base64");
        }

        return der.AsSpan(0, written).ToArray();
    }

    private static void CheckKey(PublicKey key)
    {
        var algorithm = key.Oid.Value;
        if (algorithm == X509Oids.RsaPublicKey)
        {
            throw new CsrRejectedException(CsrRejection.UnsupportedKeyAlgorithm, "CSR key is RSA; VmMesh accepts only ECDSA P-256 keys, generate one with the sidecar's key helper or 'openssl ecparam -name prime256v1 -genkey'");
        }

        if (algorithm != X509Oids.EcPublicKey)
        {
            throw new CsrRejectedException(CsrRejection.UnsupportedKeyAlgorithm, $"CSR key algorithm {algorithm} is not accepted; VmMesh accepts only ECDSA P-256 keys");
        }

        var curve = ReadCurveOid(key.EncodedParameters?.RawData ?? []);
        if (curve != X509Oids.NistP256)
        {
            throw new CsrRejectedException(CsrRejection.UnsupportedCurve, $"CSR key is ECDSA on curve {CurveDisplayName(curve)}; VmMesh accepts only P-256 (prime256v1, 1.2.840.10045.3.1.7)");
        }
    }

    internal static string? ReadCurveOid(byte[] encodedParameters)
    {
        try
        {
            var reader = new AsnReader(encodedParameters, AsnEncodingRules.DER);
            return reader.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier) ? reader.ReadObjectIdentifier() : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    internal static string CurveDisplayName(string? oid) => oid switch
    {
        X509Oids.NistP384 => "P-384 (1.3.132.0.34)",
        X509Oids.NistP521 => "P-521 (1.3.132.0.35)",
        null => "with explicit or missing parameters",
        _ => oid,
    };
}
