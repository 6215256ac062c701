using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Keys;
using VmMesh.Sidecar.Tests.Support;

namespace VmMesh.Sidecar.Tests.Inbound;

/// <summary>A leaf shaped like the CA's (P-256, CA:false, digitalSignature, both EKUs) with the given URI SANs, signed by the test root.</summary>
internal static class CraftedLeaf
{
    public static X509Certificate2 Create(TestCa ca, params string[] uris)
    {
        using var key = MeshKey.Create();
        var request = new CertificateRequest("CN=crafted, O=VmMesh", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var uri in uris)
        {
            san.AddUri(new Uri(uri));
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca.Root, true, false));
        var now = ca.Time.GetUtcNow();
        using var rootKey = ca.Root.GetECDsaPrivateKey()!;
        using var leaf = request.Create(ca.Root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), now.AddMinutes(-1), now.AddHours(1), [0x42, 1, 2, 3, 4, 5, 6, 7]);
        return leaf.CopyWithPrivateKey(key);
    }
}
