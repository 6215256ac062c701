// Sidecar-side key material: a P-256 key made on the host, the CSR that carries only its public half
// to the policy server, PKCS#8 PEM for the fail-static cache on disk, and the certificate+key pair that
// SslStream / Kestrel present.
using System.Security.Cryptography;
using VmMesh.Identity.Authority;

namespace VmMesh.Identity.Keys;

/// <summary>Creates, exports and imports the ECDSA P-256 keys the mesh uses. The caller owns and disposes the keys.</summary>
public static class MeshKey
{
    public static ECDsa Create() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>PKCS#8 PEM ("PRIVATE KEY"). Treat the result as a secret: never log it.</summary>
    public static string ExportPrivateKeyPem(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>Imports a PKCS#8 (or SEC1 "EC PRIVATE KEY") PEM key and checks that it is P-256.</summary>
    public static ECDsa ImportPrivateKeyPem(string pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            throw new ArgumentException("Private key PEM is empty; expected a '-----BEGIN PRIVATE KEY-----' block", nameof(pem));
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            var curve = key.ExportParameters(false).Curve;
            if (key.KeySize != 256 || !curve.IsNamed || curve.Oid.Value != X509Oids.NistP256)
            {
                throw new ArgumentException($"Private key is on curve {SigningRequestReader.CurveDisplayName(curve.Oid.Value)}; VmMesh keys must be ECDSA P-256", nameof(pem));
            }

            return key;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            key.Dispose();
            if (ex is ArgumentException { ParamName: nameof(pem) })
            {
                throw;
            }

            // The exception text could quote key material; only say what is wrong.
            throw new ArgumentException("Private key PEM does not hold an ECDSA private key; expected a '-----BEGIN PRIVATE KEY-----' block written by the sidecar", nameof(pem));
        }
    }
}
