using System.Diagnostics;
using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Keys;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Tests.Support;
using VmMesh.Identity.Validation;

namespace VmMesh.Identity.Tests.Authority;

public class CertificateAuthorityIssueTests
{
    [Fact]
    public void Issue_ValidCsr_ProducesSpiffeLeafProfile()
    {
        using var pki = new TestPki();
        using var key = MeshKey.Create();

        using var leaf = pki.Ca.Issue(new LeafRequest(SigningRequestBuilder.CreatePem(key, pki.Web), pki.Web));

        Assert.Equal(["spiffe://mesh.test/ns/default/dc/dc1/svc/web"], SubjectAlternativeNames.ReadUris(leaf).ToArray());
        var basic = Assert.IsType<X509BasicConstraintsExtension>(leaf.Extensions["2.5.29.19"]);
        Assert.False(basic.CertificateAuthority);
        Assert.True(basic.Critical);
        var usage = Assert.IsType<X509KeyUsageExtension>(leaf.Extensions["2.5.29.15"]);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, usage.KeyUsages);
        Assert.True(usage.Critical);
        var eku = Assert.IsType<X509EnhancedKeyUsageExtension>(leaf.Extensions["2.5.29.37"]);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        var ski = Assert.IsType<X509SubjectKeyIdentifierExtension>(leaf.Extensions["2.5.29.14"]);
        var aki = Assert.IsType<X509AuthorityKeyIdentifierExtension>(leaf.Extensions["2.5.29.35"]);
        var rootSki = Assert.IsType<X509SubjectKeyIdentifierExtension>(pki.Root.Extensions["2.5.29.14"]);
        Assert.Equal(Convert.FromHexString(rootSki.SubjectKeyIdentifier!), aki.KeyIdentifier!.Value.ToArray());
        Assert.NotNull(ski.SubjectKeyIdentifier);
        Assert.Equal("O=VmMesh, CN=web", leaf.Subject);
        Assert.Equal(pki.Root.Subject, leaf.Issuer);
        using var leafKey = leaf.GetECDsaPublicKey()!;
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), leafKey.ExportSubjectPublicKeyInfo());
        Assert.True(pki.Validator.Validate(pki.Bundle, leaf, null, PeerRole.Server).IsValid);
    }

    [Fact]
    public void Issue_AtFakeTime_BackdatesOneMinuteAndLasts24Hours()
    {
        using var pki = new TestPki();

        using var leaf = pki.Issue(pki.Web);

        Assert.Equal(TestPki.Start.AddMinutes(-1), new DateTimeOffset(leaf.NotBefore));
        Assert.Equal(TestPki.Start.AddHours(24), new DateTimeOffset(leaf.NotAfter));
    }

    [Fact]
    public void Issue_ConfiguredAndRequestedLifetimes_AreUsed()
    {
        using var pki = new TestPki(options: new CertificateLifetimeOptions { LeafLifetime = TimeSpan.FromHours(1) });
        using var key = MeshKey.Create();
        var csr = SigningRequestBuilder.CreatePem(key, pki.Web);

        using var configured = pki.Ca.Issue(new LeafRequest(csr, pki.Web));
        using var requested = pki.Ca.Issue(new LeafRequest(csr, pki.Web) { Lifetime = TimeSpan.FromMinutes(5) });

        Assert.Equal(TestPki.Start.AddHours(1), new DateTimeOffset(configured.NotAfter));
        Assert.Equal(TestPki.Start.AddMinutes(5), new DateTimeOffset(requested.NotAfter));
    }

    [Fact]
    public void Issue_NearIssuerExpiry_ClampsNotAfterToIssuer()
    {
        using var pki = new TestPki(options: new CertificateLifetimeOptions { RootLifetime = TimeSpan.FromDays(2) });
        pki.Time.Advance(TimeSpan.FromHours(40));

        using var leaf = pki.Issue(pki.Web);

        Assert.Equal(pki.Root.NotAfter, leaf.NotAfter);
        Assert.Equal(TestPki.Start.AddHours(48), new DateTimeOffset(leaf.NotAfter));
    }

    [Fact]
    public void Issue_AfterIssuerExpired_IsRejected()
    {
        using var pki = new TestPki(options: new CertificateLifetimeOptions { RootLifetime = TimeSpan.FromDays(2) });
        pki.Time.Advance(TimeSpan.FromDays(3));

        var ex = Assert.Throws<CsrRejectedException>(() => pki.Issue(pki.Web));

        Assert.Equal(CsrRejection.IssuerNotValid, ex.Reason);
        Assert.Equal($"CA certificate '{pki.Root.Subject}' is valid from 2026-03-01T11:59:00.0000000+00:00 to 2026-03-03T12:00:00.0000000+00:00, not at 2026-03-04T12:00:00.0000000+00:00; rotate to a new root or fix the clock", ex.Message);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(60 * 24 * 31)]
    public void Issue_LifetimeOutOfRange_IsRejected(int minutes)
    {
        using var pki = new TestPki();
        using var key = MeshKey.Create();
        var lifetime = TimeSpan.FromMinutes(minutes) / (minutes == 30 ? 60 : 1);

        var ex = Assert.Throws<CsrRejectedException>(() => pki.Ca.Issue(new LeafRequest(SigningRequestBuilder.CreatePem(key, pki.Web), pki.Web) { Lifetime = lifetime }));

        Assert.Equal(CsrRejection.InvalidLifetime, ex.Reason);
        Assert.Equal($"lifetime {lifetime} is outside the allowed range 00:01:00 to 30.00:00:00; choose a lifetime in that range (default 24:00:00)", ex.Message);
    }

    [Fact]
    public void Issue_CsrAskingForOtherNamesAndCa_CarriesOnlyTheAuthenticatedIdentity()
    {
        using var pki = new TestPki();
        using var key = MeshKey.Create();

        using var leaf = pki.Ca.Issue(new LeafRequest(CsrSamples.AskingForMore(key), pki.Web));

        Assert.Equal(["spiffe://mesh.test/ns/default/dc/dc1/svc/web"], SubjectAlternativeNames.ReadUris(leaf).ToArray());
        var san = Assert.IsType<X509SubjectAlternativeNameExtension>(leaf.Extensions["2.5.29.17"]);
        Assert.Empty(san.EnumerateDnsNames());
        Assert.False(Assert.IsType<X509BasicConstraintsExtension>(leaf.Extensions["2.5.29.19"]).CertificateAuthority);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, Assert.IsType<X509KeyUsageExtension>(leaf.Extensions["2.5.29.15"]).KeyUsages);
        Assert.Equal("O=VmMesh, CN=web", leaf.Subject);
    }

    [Fact]
    public void Issue_CallerDnsAndIpSans_AreAddedNextToTheOneUri()
    {
        using var pki = new TestPki();
        using var key = MeshKey.Create();
        var request = new LeafRequest(SigningRequestBuilder.CreatePem(key, pki.PolicyServer), pki.PolicyServer)
        {
            DnsNames = ["localhost"],
            IpAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback],
        };

        using var leaf = pki.Ca.Issue(request);

        Assert.Equal(["spiffe://mesh.test/vmmesh/policy-server"], SubjectAlternativeNames.ReadUris(leaf).ToArray());
        var san = Assert.IsType<X509SubjectAlternativeNameExtension>(leaf.Extensions["2.5.29.17"]);
        Assert.Equal(["localhost"], san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], san.EnumerateIPAddresses());
        Assert.Equal("O=VmMesh, CN=policy-server", leaf.Subject);
    }

    [Fact]
    public void Issue_IdentityInOtherTrustDomain_IsRejected()
    {
        using var pki = new TestPki();
        using var key = MeshKey.Create();
        var other = SpiffeId.Parse("spiffe://other.test/ns/default/dc/dc1/svc/web");

        var ex = Assert.Throws<CsrRejectedException>(() => pki.Ca.Issue(new LeafRequest(SigningRequestBuilder.CreatePem(key, other), other)));

        Assert.Equal(CsrRejection.WrongTrustDomain, ex.Reason);
        Assert.Equal("Identity 'spiffe://other.test/ns/default/dc/dc1/svc/web' is not in trust domain 'mesh.test'; this CA signs only spiffe://mesh.test/... identities", ex.Message);
    }

    [Fact]
    public void Issue_ManyLeaves_SerialsArePositive128BitAndUnique()
    {
        using var pki = new TestPki();
        using var key = MeshKey.Create();
        var csr = SigningRequestBuilder.CreatePem(key, pki.Web);
        var serials = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 200; i++)
        {
            using var leaf = pki.Ca.Issue(new LeafRequest(csr, pki.Web));
            var serial = leaf.SerialNumberBytes.ToArray();
            Assert.Equal(16, serial.Length);
            Assert.True(new BigInteger(serial, isUnsigned: false, isBigEndian: true) > 0);
            Assert.True(serials.Add(leaf.SerialNumber));
        }
    }

    [Fact]
    public async Task Issue_FromManyThreads_AllLeavesValidWithUniqueSerials()
    {
        using var pki = new TestPki();
        using var key = MeshKey.Create();
        var csr = SigningRequestBuilder.CreatePem(key, pki.Web);

        var leaves = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => pki.Ca.Issue(new LeafRequest(csr, pki.Web)))))
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(64, leaves.Select(l => l.SerialNumber).Distinct(StringComparer.Ordinal).Count());
        Assert.All(leaves, l => Assert.True(pki.Validator.Validate(pki.Bundle, l, null, PeerRole.Client).IsValid));
        foreach (var leaf in leaves)
        {
            leaf.Dispose();
        }
    }

    [Fact]
    public void Issue_SameSeed_GivesSameSerials()
    {
        using var a = new TestPki(seed: 7);
        using var b = new TestPki(seed: 7);

        using var leafA = a.Issue(a.Web);
        using var leafB = b.Issue(b.Web);

        Assert.Equal(leafA.SerialNumber, leafB.SerialNumber);
    }

    [Fact]
    public async Task Issue_LeafInspectedByOpenssl_HasOneSpiffeUriAndCaFalse()
    {
        using var pki = new TestPki();
        using var leaf = pki.Issue(pki.Web);
        var path = Path.Combine(Path.GetTempPath(), $"vmmesh-leaf-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(path, leaf.ExportCertificatePem());
        try
        {
            var start = new ProcessStartInfo("/usr/bin/openssl", ["x509", "-noout", "-text", "-in", path])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var text = await stdout.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.True(process.ExitCode == 0, await stderr.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(1, CountOf(text, "URI:spiffe://"));
            Assert.Contains("URI:spiffe://mesh.test/ns/default/dc/dc1/svc/web", text, StringComparison.Ordinal);
            Assert.Contains("CA:FALSE", text, StringComparison.Ordinal);
            Assert.Contains("X509v3 Key Usage: critical", text, StringComparison.Ordinal);
            Assert.Contains("TLS Web Server Authentication, TLS Web Client Authentication", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
