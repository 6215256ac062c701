using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VmMesh.Identity.Keys;

/// <summary>
/// Joins an issued certificate with the host's private key into an <see cref="X509Certificate2"/> that SslStream
/// and Kestrel can present. On Linux and macOS <c>CopyWithPrivateKey</c> is enough. On Windows SChannel cannot
/// use the ephemeral key that produces, so the pair is round-tripped through an in-memory PKCS#12.
/// </summary>
public static class CertificateCredential
{
    public static X509Certificate2 Combine(X509Certificate2 certificate, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(key);
        using var publicKey = certificate.GetECDsaPublicKey();
        if (publicKey is null || !publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            throw new ArgumentException($"The private key does not match certificate '{certificate.Subject}'; use the key the CSR was made with", nameof(key));
        }

        using var bare = X509CertificateLoader.LoadCertificate(certificate.RawDataMemory.Span);
        var combined = bare.CopyWithPrivateKey(key);
        if (!OperatingSystem.IsWindows())
        {
            return combined;
        }

        using (combined)
        {
            var pkcs12 = combined.Export(X509ContentType.Pkcs12);
            try
            {
                return X509CertificateLoader.LoadPkcs12(pkcs12, null, X509KeyStorageFlags.Exportable);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs12);
            }
        }
    }

    /// <summary>Combines a CERTIFICATE PEM (the first block is the leaf) with a PRIVATE KEY PEM.</summary>
    public static X509Certificate2 FromPem(string certificatePem, string privateKeyPem)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificatePem);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException("Certificate PEM does not hold a valid CERTIFICATE block; write the certificatePem the policy server returned", nameof(certificatePem), ex);
        }

        using (certificate)
        using (var key = MeshKey.ImportPrivateKeyPem(privateKeyPem))
        {
            return Combine(certificate, key);
        }
    }
}
