using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VmMesh.Identity.Tests.Support;

/// <summary>Signs certificates with ecdsa-with-SHA1, which .NET's own generator refuses, to test that validators refuse it too.</summary>
public sealed class Sha1EcdsaSignatureGenerator(ECDsa key) : X509SignatureGenerator
{
    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier("1.2.840.10045.4.1");
        }

        return writer.Encode();
    }

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) =>
        key.SignData(data, HashAlgorithmName.SHA1, DSASignatureFormat.Rfc3279DerSequence);

    protected override PublicKey BuildPublicKey() => X509SignatureGenerator.CreateForECDsa(key).PublicKey;
}
