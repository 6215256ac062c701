using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using VmMesh.Identity.Keys;
using VmMesh.Identity.Spiffe;

namespace VmMesh.PolicyServer.Tests.Support;

/// <summary>CSRs and sign request bodies for tests.</summary>
public static class Csr
{
    public static string For(ECDsa key, string commonName = "host") =>
        new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

    public static string SignBody(string csr, string? service = null) =>
        JsonSerializer.Serialize(service is null ? new Dictionary<string, string> { ["csr"] = csr } : new Dictionary<string, string> { ["csr"] = csr, ["service"] = service });

    /// <summary>A CSR that asks for other names: a foreign SPIFFE ID and a DNS name.</summary>
    public static string AskingForOtherSans(ECDsa key)
    {
        var request = new CertificateRequest("CN=admin", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri("spiffe://vmmesh.local/ns/default/dc/dc1/svc/admin"));
        san.AddDnsName("evil.example");
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequestPem();
    }

    public static X509Certificate2 Combine(string certificatePem, ECDsa key) =>
        CertificateCredential.Combine(X509Certificate2.CreateFromPem(certificatePem), key);

    public static string ServiceId(string service) => SpiffeId.ForService(TrustDomain.Parse("vmmesh.local"), "dc1", ServiceName.Parse(service)).ToString();
}
