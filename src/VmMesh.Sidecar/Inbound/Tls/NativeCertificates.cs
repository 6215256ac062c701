using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VmMesh.Sidecar.Inbound.Tls;

/// <summary>Moves certificates and keys between .NET and OpenSSL as DER (the only form both sides read the same way).</summary>
[SupportedOSPlatform("linux")]
internal static class NativeCertificates
{
    /// <summary>A new OpenSSL X509 for <paramref name="certificate"/>; the caller frees it with X509_free.</summary>
    public static IntPtr ToX509(X509Certificate2 certificate)
    {
        var der = certificate.RawData;
        var x509 = Decode(der, static (ref IntPtr cursor, long length) => NativeMethods.D2iX509(IntPtr.Zero, ref cursor, length));
        return x509 != IntPtr.Zero ? x509 : throw new CryptographicException("OpenSSL could not read the sidecar's own certificate (d2i_X509 failed)");
    }

    /// <summary>A new OpenSSL EVP_PKEY for the certificate's P-256 private key; the caller frees it with EVP_PKEY_free.</summary>
    public static IntPtr ToPrivateKey(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey()
            ?? throw new CryptographicException("the sidecar's certificate has no ECDSA private key; the inbound listener needs the mesh key pair");
        var der = key.ExportPkcs8PrivateKey();
        try
        {
            var pkey = Decode(der, static (ref IntPtr cursor, long length) => NativeMethods.D2iAutoPrivateKey(IntPtr.Zero, ref cursor, length));
            return pkey != IntPtr.Zero ? pkey : throw new CryptographicException("OpenSSL could not read the sidecar's private key (d2i_AutoPrivateKey failed)");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>A .NET copy of an OpenSSL X509 the caller still owns.</summary>
    public static X509Certificate2 FromX509(IntPtr x509)
    {
        var nothing = IntPtr.Zero;
        var length = NativeMethods.I2dX509(x509, ref nothing);
        if (length <= 0)
        {
            throw new CryptographicException("OpenSSL could not encode the peer certificate (i2d_X509 failed)");
        }

        var der = new byte[length];
        var pin = GCHandle.Alloc(der, GCHandleType.Pinned);
        try
        {
            var cursor = pin.AddrOfPinnedObject();
            if (NativeMethods.I2dX509(x509, ref cursor) != length)
            {
                throw new CryptographicException("OpenSSL could not encode the peer certificate (i2d_X509 failed)");
            }
        }
        finally
        {
            pin.Free();
        }

        return X509CertificateLoader.LoadCertificate(der);
    }

    private delegate IntPtr Decoder(ref IntPtr cursor, long length);

    private static IntPtr Decode(byte[] der, Decoder decode)
    {
        var pin = GCHandle.Alloc(der, GCHandleType.Pinned);
        try
        {
            var cursor = pin.AddrOfPinnedObject();
            return decode(ref cursor, der.Length);
        }
        finally
        {
            pin.Free();
        }
    }
}
