using System.Security.Cryptography.X509Certificates;

namespace VmMesh.Identity.Tests.Support;

public enum KeyKind
{
    P256,
    P384,
    Rsa,
}

/// <summary>The parts of a crafted leaf; defaults describe a valid mesh leaf for spiffe://mesh.test/.../svc/web.</summary>
public sealed record LeafShape
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    public IReadOnlyList<string> Uris { get; init; } = ["spiffe://mesh.test/ns/default/dc/dc1/svc/web"];

    public IReadOnlyList<string> DnsNames { get; init; } = [];

    /// <summary>Null omits BasicConstraints.</summary>
    public bool? CertificateAuthority { get; init; } = false;

    /// <summary>Null omits KeyUsage.</summary>
    public X509KeyUsageFlags? KeyUsage { get; init; } = X509KeyUsageFlags.DigitalSignature;

    public bool KeyUsageCritical { get; init; } = true;

    /// <summary>Null omits ExtendedKeyUsage.</summary>
    public IReadOnlyList<string>? ExtendedKeyUsages { get; init; } = [ServerAuth, ClientAuth];

    public TimeSpan NotBeforeOffset { get; init; } = TimeSpan.FromMinutes(-1);

    public TimeSpan NotAfterOffset { get; init; } = TimeSpan.FromHours(24);

    public KeyKind Key { get; init; } = KeyKind.P256;

    public IReadOnlyList<X509Extension> ExtraExtensions { get; init; } = [];

    public string Subject { get; init; } = "CN=crafted, O=VmMesh Tests";

    public System.Security.Cryptography.HashAlgorithmName Hash { get; init; } = System.Security.Cryptography.HashAlgorithmName.SHA256;
}
