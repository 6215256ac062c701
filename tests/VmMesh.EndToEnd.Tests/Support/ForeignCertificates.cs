using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VmMesh.EndToEnd.Tests.Support;

/// <summary>Client certificates the mesh must refuse, written as PEM files for curl: made by a CA the mesh does not trust.</summary>
internal static class ForeignCertificates
{
    /// <summary>A leaf for <paramref name="spiffeIds"/> (one URI SAN each) issued by a fresh, untrusted CA; returns the cert and key paths.</summary>
    public static (string CertFile, string KeyFile) WriteLeaf(string directory, string name, params string[] spiffeIds)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=foreign-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(string.Empty, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var id in spiffeIds)
        {
            san.AddUri(new Uri(id));
        }

        request.CertificateExtensions.Add(san.Build(critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var leaf = request.Create(ca, now.AddMinutes(-5), now.AddHours(1), [1, 2, 3, 4]);

        var certFile = Path.Combine(directory, name + ".pem");
        var keyFile = Path.Combine(directory, name + "-key.pem");
        File.WriteAllText(certFile, leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile);
    }
}
