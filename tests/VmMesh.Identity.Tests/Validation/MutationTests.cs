using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Tests.Support;
using VmMesh.Identity.Validation;

namespace VmMesh.Identity.Tests.Validation;

/// <summary>A small deterministic cousin of the B6 fuzz row: no single-bit change to a valid leaf is accepted.</summary>
public class MutationTests
{
    [Theory]
    [InlineData(0x01)]
    [InlineData(0x80)]
    public void Validate_EverySingleByteMutationOfAValidLeaf_IsNeverAccepted(byte mask)
    {
        using var pki = new TestPki();
        using var leaf = pki.Issue(pki.Web);
        var der = leaf.RawData;
        Assert.True(pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server).IsValid);

        var accepted = new List<int>();
        for (var i = 0; i < der.Length; i++)
        {
            var mutated = (byte[])der.Clone();
            mutated[i] ^= mask;
            X509Certificate2 candidate;
            try
            {
                candidate = X509CertificateLoader.LoadCertificate(mutated);
            }
            catch (CryptographicException)
            {
                continue;
            }

            using (candidate)
            {
                if (pki.Validator.Validate(pki.Bundle, candidate, null, PeerRole.Server).IsValid)
                {
                    accepted.Add(i);
                }
            }
        }

        Assert.Empty(accepted);
    }
}
