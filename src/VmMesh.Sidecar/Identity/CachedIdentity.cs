namespace VmMesh.Sidecar.Identity;

/// <summary>What the fail-static cache holds for the identity: PEM texts exactly as they were last accepted.</summary>
internal sealed class CachedIdentity(string certificatePem, string privateKeyPem, string bundlePem)
{
    public string CertificatePem { get; } = certificatePem;

    /// <summary>Secret: never log it. (A class, not a record, so no generated ToString can print it.)</summary>
    public string PrivateKeyPem { get; } = privateKeyPem;

    public string BundlePem { get; } = bundlePem;
}
