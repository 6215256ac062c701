using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace VmMesh.Identity.Tests.Authority;

/// <summary>Hostile and malformed CSRs for the CA's input checks.</summary>
internal static class CsrSamples
{
    public static string Rsa()
    {
        using var key = RSA.Create(2048);
        return new CertificateRequest("CN=rsa", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequestPem();
    }

    public static string P384()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        return new CertificateRequest("CN=p384", key, HashAlgorithmName.SHA384).CreateSigningRequestPem();
    }

    /// <summary>A P-256 CSR whose subject was changed after signing, so the self-signature no longer verifies.</summary>
    public static string Tampered()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = new CertificateRequest("CN=tamperme", key, HashAlgorithmName.SHA256).CreateSigningRequest();
        var at = der.AsSpan().IndexOf(Encoding.ASCII.GetBytes("tamperme"));
        der[at] = (byte)'T';
        return PemEncoding.WriteString("CERTIFICATE REQUEST", der);
    }

    /// <summary>A valid P-256 CSR that asks for two other identities, a DNS name and CA:true.</summary>
    public static string AskingForMore(ECDsa key)
    {
        var request = new CertificateRequest("CN=admin", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri("spiffe://mesh.test/ns/default/dc/dc1/svc/admin"));
        san.AddUri(new Uri("spiffe://mesh.test/ns/default/dc/dc1/svc/db"));
        san.AddDnsName("evil.example");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSigningRequestPem();
    }
}
