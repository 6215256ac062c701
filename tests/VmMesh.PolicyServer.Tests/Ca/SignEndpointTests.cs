using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;
using VmMesh.PolicyServer.Ca;
using VmMesh.PolicyServer.Tests.Support;
using VmMesh.PolicyServer.Tokens;

namespace VmMesh.PolicyServer.Tests.Ca;

public sealed class SignEndpointTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Sign_WithJoinToken_IssuesLeafForTheTokensServiceOnly()
    {
        var token = await server.CreateTokenAsync("\"web\"");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = server.Client();

        var response = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key)), token);

        Assert.Equal(200, response.Status);
        Assert.Equal(Csr.ServiceId("web"), response.Json.GetProperty("spiffeId").GetString());
        Assert.Equal("web", response.Json.GetProperty("serviceName").GetString());
        using var leaf = X509Certificate2.CreateFromPem(response.Json.GetProperty("certificatePem").GetString());
        var result = new LeafValidator(server.Time).Validate(server.Bundle, leaf, null, PeerRole.Client);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(Csr.ServiceId("web"), result.Identity!.ToString());
        Assert.True(leaf.NotAfter.ToUniversalTime() - leaf.NotBefore.ToUniversalTime() <= TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", response.Json.GetProperty("chainPem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_CsrAskingForOtherSans_CertificateCarriesOnlyTheAuthenticatedIdentity()
    {
        var token = await server.CreateTokenAsync("\"web\"");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = server.Client();

        var response = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.AskingForOtherSans(key), "web"), token);

        Assert.Equal(200, response.Status);
        using var leaf = X509Certificate2.CreateFromPem(response.Json.GetProperty("certificatePem").GetString());
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Empty(san.EnumerateDnsNames());
        Assert.Equal(Csr.ServiceId("web"), new LeafValidator(server.Time).Validate(server.Bundle, leaf, null, PeerRole.Client).Identity!.ToString());
        Assert.DoesNotContain("admin", leaf.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_ServiceOmittedWithTokenForTwoServices_Returns400()
    {
        var token = await server.CreateTokenAsync("\"web\",\"api\"");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = server.Client();

        var response = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key)), token);

        Assert.Equal(400, response.Status);
        Assert.Matches(@"^sign request: service is missing and join token tok_[0-9a-f]{16} is for 2 services \(web, api\); set service to one of them$", response.Error);
    }

    [Fact]
    public async Task Sign_TokenForAnotherService_Returns403AndSpendsNothing()
    {
        var token = await server.CreateTokenAsync("\"web\"");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = server.Client();

        var response = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key), "db"), token);

        Assert.Equal(403, response.Status);
        Assert.Equal($"join token {token.Split('.')[0]} is for web, not \"db\"; use a token created for db", response.Error);
        var again = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key), "web"), token);
        Assert.Equal(200, again.Status);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("rsa")]
    [InlineData("p384")]
    [InlineData("badsig")]
    public async Task Sign_BadCsr_Returns400WithTheCasReasonAndSpendsNothing(string kind)
    {
        var token = await server.CreateTokenAsync("\"web\"");
        var csr = BadCsr(kind);
        using var client = server.Client();

        var response = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(csr), token);

        Assert.Equal(400, response.Status);
        Assert.Equal("sign request: csr rejected: " + ExpectedRejection(csr), response.Error);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key)), token)).Status);
    }

    [Fact]
    public async Task Sign_NoCredentials_Returns401()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = server.Client();

        var response = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key)));

        Assert.Equal(401, response.Status);
        Assert.Equal(SignService.NoCredentialsMessage, response.Error);
    }

    [Fact]
    public async Task Sign_UnknownOrForgedToken_Returns401()
    {
        var token = await server.CreateTokenAsync("\"web\"");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = server.Client();

        var forged = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key)), token.Split('.')[0] + ".AAAA");
        var unknown = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key)), "tok_0000000000000000.AAAA");

        Assert.Equal((401, JoinTokens.InvalidMessage), (forged.Status, forged.Error));
        Assert.Equal((401, JoinTokens.InvalidMessage), (unknown.Status, unknown.Error));
    }

    [Fact]
    public async Task Sign_UsedUpToken_Returns401()
    {
        var token = await server.CreateTokenAsync("\"web\"");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = server.Client();
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key)), token)).Status);

        var response = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key)), token);

        Assert.Equal(401, response.Status);
        Assert.Equal($"join token {token.Split('.')[0]} has no uses left (maxUses 1); ask the operator for a new one", response.Error);
    }

    [Fact]
    public async Task Sign_RevokedToken_Returns401()
    {
        var token = await server.CreateTokenAsync("\"web\"");
        var id = token.Split('.')[0];
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = server.Client();
        Assert.Equal(204, (await client.SendAsync(HttpMethod.Delete, $"/v1/tokens/{id}", null, server.AdminToken)).Status);

        var response = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key)), token);

        Assert.Equal(401, response.Status);
        Assert.Matches($"^join token {id} was revoked at .*Z; ask the operator for a new one$", response.Error);
    }

    [Fact]
    public async Task Sign_ExpiredToken_Returns401()
    {
        var token = await server.CreateTokenAsync("\"web\"", ttl: "1m");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var client = server.Client();
        server.Advance(TimeSpan.FromMinutes(2));

        var response = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key)), token);

        Assert.Equal(401, response.Status);
        Assert.Matches($"^join token {token.Split('.')[0]} expired at .*Z; ask the operator for a new one$", response.Error);
    }

    [Fact]
    public async Task Sign_TwoConcurrentRequestsWithOneUseToken_ExactlyOneSucceeds()
    {
        for (var round = 0; round < 5; round++)
        {
            var token = await server.CreateTokenAsync("\"web\"");
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var first = server.Client();
            using var second = server.Client();
            var body = Csr.SignBody(Csr.For(key));

            var responses = await Task.WhenAll(
                first.SendAsync(HttpMethod.Post, "/v1/ca/sign", body, token),
                second.SendAsync(HttpMethod.Post, "/v1/ca/sign", body, token));

            Assert.Single(responses, r => r.Status == 200);
            var loser = Assert.Single(responses, r => r.Status != 200);
            Assert.Equal(401, loser.Status);
            Assert.Equal($"join token {token.Split('.')[0]} has no uses left (maxUses 1); ask the operator for a new one", loser.Error);
        }
    }

    [Fact]
    public async Task Sign_UnknownFieldOrMissingCsr_Returns400()
    {
        var token = await server.CreateTokenAsync("\"web\"");
        using var client = server.Client();

        var unknown = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", """{"csr":"x","dns":["evil"]}""", token);
        var missing = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", "{}", token);

        Assert.Equal((400, "sign request: unknown field \"dns\"; known fields are csr, service"), (unknown.Status, unknown.Error));
        Assert.Equal((400, "sign request: csr is missing; send a PEM CERTIFICATE REQUEST made with the host's P-256 key"), (missing.Status, missing.Error));
    }

    [Fact]
    public async Task Sign_BodyOver64KiB_Returns413()
    {
        var token = await server.CreateTokenAsync("\"web\"");
        using var client = server.Client();

        var response = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(new string('A', 70_000)), token);

        Assert.Equal(413, response.Status);
        Assert.Equal("request body is larger than 65536 bytes; send a smaller body", response.Error);
    }

    private static string BadCsr(string kind)
    {
        switch (kind)
        {
            case "garbage":
                return "-----BEGIN CERTIFICATE REQUEST-----\nnot base64 at all!\n-----END CERTIFICATE REQUEST-----\n";
            case "rsa":
                using (var rsa = RSA.Create(2048))
                {
                    return new CertificateRequest("CN=x", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequestPem();
                }

            case "p384":
                using (var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384))
                {
                    return Csr.For(p384);
                }

            default:
                using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                using (var other = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    // The request carries one key but is signed by another: nobody proved possession of the key.
                    var request = new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256);
                    var signed = request.CreateSigningRequest(X509SignatureGenerator.CreateForECDsa(other));
                    return PemEncoding.WriteString("CERTIFICATE REQUEST", signed);
                }
        }
    }

    /// <summary>The CA's own message for this CSR, so the test pins that the API passes it through unchanged.</summary>
    private string ExpectedRejection(string csr)
    {
        var ex = Assert.Throws<CsrRejectedException>(() => server.Host.Parts.Cache.RequireCa().Authority.Issue(new LeafRequest(csr, SpiffeId.Parse(Csr.ServiceId("web")))));
        return ex.Message;
    }
}
