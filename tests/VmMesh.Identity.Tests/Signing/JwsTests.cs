using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Signing;
using VmMesh.Identity.Tests.Support;
using VmMesh.Identity.Validation;

namespace VmMesh.Identity.Tests.Signing;

public class JwsTests
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("{\"destination\":\"web\",\"version\":7}");

    [Fact]
    public void Verify_RoundTrip_ReturnsPayloadSignerAndKid()
    {
        using var pki = new TestPki();
        using var signerCert = pki.IssueWithKey(pki.PolicyServer);
        using var signer = new JwsSigner(signerCert, keyId: "key-1");

        var jws = signer.Sign(Payload);
        var result = new JwsVerifier(pki.Validator).Verify(jws, pki.Bundle, pki.PolicyServer);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(Payload, result.Payload.ToArray());
        Assert.Equal(pki.PolicyServer, result.Signer);
        Assert.Equal("key-1", result.KeyId);
        Assert.Equal("JWS verified, signed by spiffe://mesh.test/vmmesh/policy-server", result.Message);
    }

    [Fact]
    public void Sign_Header_IsEs256JoseWithX5cAndP1363Signature()
    {
        using var pki = new TestPki();
        using var signerCert = pki.IssueWithKey(pki.PolicyServer);
        using var signer = new JwsSigner(signerCert, keyId: "k");

        var parts = signer.Sign(Payload).Split('.');
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));

        Assert.Equal(["alg", "typ", "x5c", "kid"], header.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("JOSE", header.RootElement.GetProperty("typ").GetString());
        Assert.Equal(Convert.ToBase64String(signerCert.RawData), header.RootElement.GetProperty("x5c")[0].GetString());
        Assert.Equal(Payload, Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal(64, Base64Url.DecodeFromChars(parts[2]).Length);
        Assert.DoesNotContain('=', string.Concat(parts));
    }

    [Fact]
    public void Verify_TamperedPayload_BadSignature()
    {
        using var pki = new TestPki();
        var parts = Sign(pki).Split('.');
        var forged = $"{parts[0]}.{Base64Url.EncodeToString("{\"destination\":\"web\",\"version\":8}"u8)}.{parts[2]}";

        var result = Verify(pki, forged);

        AssertFailure(result, JwsFailure.BadSignature, "JWS signature does not verify with the x5c leaf's key; the header or payload was altered, or it was signed with another key");
    }

    [Fact]
    public void Verify_TamperedSignature_BadSignature()
    {
        using var pki = new TestPki();
        var parts = Sign(pki).Split('.');
        var signature = Base64Url.DecodeFromChars(parts[2]);
        signature[10] ^= 0x01;

        var result = Verify(pki, $"{parts[0]}.{parts[1]}.{Base64Url.EncodeToString(signature)}");

        Assert.Equal(JwsFailure.BadSignature, result.Failure);
    }

    [Fact]
    public void Verify_DerEncodedSignature_BadSignature()
    {
        using var pki = new TestPki();
        using var signerCert = pki.IssueWithKey(pki.PolicyServer);
        var header = Header(new { alg = "ES256", typ = "JOSE", x5c = new[] { Convert.ToBase64String(signerCert.RawData) } });
        var input = $"{header}.{Base64Url.EncodeToString(Payload)}";
        using var key = signerCert.GetECDsaPrivateKey()!;
        var der = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        var result = Verify(pki, $"{input}.{Base64Url.EncodeToString(der)}");

        Assert.Equal(JwsFailure.BadSignature, result.Failure);
    }

    [Fact]
    public void Verify_AlgNone_Rejected()
    {
        using var pki = new TestPki();
        using var signerCert = pki.IssueWithKey(pki.PolicyServer);
        var header = Header(new { alg = "none", x5c = new[] { Convert.ToBase64String(signerCert.RawData) } });

        var result = Verify(pki, $"{header}.{Base64Url.EncodeToString(Payload)}.");

        AssertFailure(result, JwsFailure.UnsupportedAlgorithm, "JWS alg 'none' is not accepted; VmMesh accepts only ES256");
    }

    [Fact]
    public void Verify_Hs256KeyedWithTheCertificate_Rejected()
    {
        // Classic key confusion: HMAC keyed with public material the attacker knows.
        using var pki = new TestPki();
        using var signerCert = pki.IssueWithKey(pki.PolicyServer);
        var header = Header(new { alg = "HS256", x5c = new[] { Convert.ToBase64String(signerCert.RawData) } });
        var input = $"{header}.{Base64Url.EncodeToString(Payload)}";
        var mac = HMACSHA256.HashData(signerCert.RawData, Encoding.ASCII.GetBytes(input));

        var result = Verify(pki, $"{input}.{Base64Url.EncodeToString(mac)}");

        AssertFailure(result, JwsFailure.UnsupportedAlgorithm, "JWS alg 'HS256' is not accepted; VmMesh accepts only ES256");
    }

    [Fact]
    public void Verify_WrongSignerIdentity_Rejected()
    {
        using var pki = new TestPki();
        using var webCert = pki.IssueWithKey(pki.Web);
        using var signer = new JwsSigner(webCert);

        var result = Verify(pki, signer.Sign(Payload));

        Assert.Equal(JwsFailure.WrongSigner, result.Failure);
        Assert.Equal(ValidationFailure.WrongIdentity, result.SignerFailure);
        Assert.Equal($"JWS signer rejected: certificate '{webCert.Subject}' (serial {webCert.SerialNumber}) is for spiffe://mesh.test/ns/default/dc/dc1/svc/web but spiffe://mesh.test/vmmesh/policy-server was expected", result.Message);
    }

    [Fact]
    public void Verify_SignerFromAnotherCa_Rejected()
    {
        using var pki = new TestPki();
        using var impostor = new TestPki(seed: 5);
        using var impostorCert = impostor.IssueWithKey(impostor.PolicyServer);
        using var signer = new JwsSigner(impostorCert, [impostor.Root]);

        var result = Verify(pki, signer.Sign(Payload));

        Assert.Equal(JwsFailure.UntrustedSigner, result.Failure);
        Assert.Equal(ValidationFailure.UntrustedChain, result.SignerFailure);
        Assert.True(result.Payload.IsEmpty);
    }

    [Fact]
    public void Verify_ExpiredSigner_Rejected()
    {
        using var pki = new TestPki();
        var jws = Sign(pki);
        pki.Time.Advance(TimeSpan.FromDays(2));

        var result = Verify(pki, jws);

        Assert.Equal(JwsFailure.UntrustedSigner, result.Failure);
        Assert.Equal(ValidationFailure.Expired, result.SignerFailure);
    }

    [Fact]
    public void Verify_SignedByNewRootLeafWithCrossSignedLink_AcceptedByOldBundle()
    {
        using var pki = new TestPki();
        using var newRoot = RootCertificateFactory.Create(pki.Domain, pki.Time, pki.Random);
        using var newCa = new CertificateAuthority(newRoot, pki.Time, pki.Random);
        using var cross = pki.Ca.CrossSign(newRoot);
        using var key = VmMesh.Identity.Keys.MeshKey.Create();
        using var leaf = newCa.Issue(new LeafRequest(VmMesh.Identity.Keys.SigningRequestBuilder.CreatePem(key, pki.PolicyServer), pki.PolicyServer));
        using var signerCert = VmMesh.Identity.Keys.CertificateCredential.Combine(leaf, key);
        using var signer = new JwsSigner(signerCert, [cross]);

        var result = Verify(pki, signer.Sign(Payload));

        Assert.True(result.IsValid, result.Message);
    }

    [Theory]
    [InlineData("", JwsFailure.Malformed, "JWS is empty; expected header.payload.signature")]
    [InlineData("a.b", JwsFailure.Malformed, "JWS has 2 parts; compact serialization has exactly 3 (header.payload.signature)")]
    [InlineData("a.b.c.d", JwsFailure.Malformed, "JWS has 4 parts; compact serialization has exactly 3 (header.payload.signature)")]
    [InlineData("e30=.e30.AA", JwsFailure.Malformed, "JWS part is not canonical base64url without padding")]
    [InlineData("e30.e30.A+A", JwsFailure.Malformed, "JWS part is not canonical base64url without padding")]
    [InlineData("e30.e30.AB", JwsFailure.Malformed, "JWS part is not canonical base64url without padding")]
    [InlineData("W10.e30.AA", JwsFailure.Malformed, "JWS header is not a JSON object")]
    [InlineData("e30.e30.AA", JwsFailure.UnsupportedAlgorithm, "JWS header has no alg; VmMesh accepts only ES256")]
    public void Verify_MalformedCompactForm_RejectedWithExactMessage(string jws, JwsFailure failure, string message)
    {
        using var pki = new TestPki();

        AssertFailure(Verify(pki, jws), failure, message);
    }

    [Fact]
    public void Verify_NoX5c_Rejected()
    {
        using var pki = new TestPki();

        var result = Verify(pki, $"{Header(new { alg = "ES256" })}.{Base64Url.EncodeToString(Payload)}.AA");

        AssertFailure(result, JwsFailure.MissingCertificateChain, "JWS header has no x5c certificate chain; the signer must include its certificate");
    }

    [Fact]
    public void Verify_EmptyX5c_Rejected()
    {
        using var pki = new TestPki();

        var result = Verify(pki, $"{Header(new { alg = "ES256", x5c = Array.Empty<string>() })}.{Base64Url.EncodeToString(Payload)}.AA");

        AssertFailure(result, JwsFailure.MissingCertificateChain, "JWS header has no x5c certificate chain; the signer must include its certificate");
    }

    [Fact]
    public void Verify_UnexpectedTyp_Rejected()
    {
        using var pki = new TestPki();

        var result = Verify(pki, $"{Header(new { alg = "ES256", typ = "JWT" })}.{Base64Url.EncodeToString(Payload)}.AA");

        AssertFailure(result, JwsFailure.Malformed, "JWS header 'typ' has an unexpected value; expected alg \"ES256\", typ \"JOSE\", kid a string and x5c an array");
    }

    [Fact]
    public void Verify_EmbeddedJwk_Rejected()
    {
        using var pki = new TestPki();

        var result = Verify(pki, $"{Header(new { alg = "ES256", jwk = new { kty = "EC" } })}.{Base64Url.EncodeToString(Payload)}.AA");

        AssertFailure(result, JwsFailure.Malformed, "JWS header has unsupported parameter 'jwk'; only alg, typ, kid and x5c are allowed");
    }

    [Fact]
    public void Verify_DuplicateAlgMember_Rejected()
    {
        using var pki = new TestPki();
        var header = Base64Url.EncodeToString("{\"alg\":\"none\",\"alg\":\"ES256\",\"x5c\":[]}"u8);

        var result = Verify(pki, $"{header}.{Base64Url.EncodeToString(Payload)}.AA");

        AssertFailure(result, JwsFailure.Malformed, "JWS header is not valid JSON or repeats a member");
    }

    [Fact]
    public void Verify_X5cEntryNotACertificate_Rejected()
    {
        using var pki = new TestPki();

        var result = Verify(pki, $"{Header(new { alg = "ES256", x5c = new[] { "AAAA" } })}.{Base64Url.EncodeToString(Payload)}.AA");

        AssertFailure(result, JwsFailure.Malformed, "JWS x5c entry is not a DER certificate");
    }

    [Fact]
    public void Verify_OverLengthLimit_Rejected()
    {
        using var pki = new TestPki();
        var verifier = new JwsVerifier(pki.Validator, maxLength: 100);

        var result = verifier.Verify(new string('a', 101), pki.Bundle, pki.PolicyServer);

        AssertFailure(result, JwsFailure.TooLarge, "JWS is 101 characters long; the limit is 100");
    }

    [Fact]
    public void Verify_EverySingleCharacterMutation_IsNeverAccepted()
    {
        using var pki = new TestPki();
        var jws = Sign(pki);
        var verifier = new JwsVerifier(pki.Validator);
        Assert.True(verifier.Verify(jws, pki.Bundle, pki.PolicyServer).IsValid);

        var accepted = new List<int>();
        for (var i = 0; i < jws.Length; i++)
        {
            var chars = jws.ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            if (verifier.Verify(new string(chars), pki.Bundle, pki.PolicyServer).IsValid)
            {
                accepted.Add(i);
            }
        }

        Assert.Empty(accepted);
    }

    private static string Sign(TestPki pki)
    {
        using var signerCert = pki.IssueWithKey(pki.PolicyServer);
        using var signer = new JwsSigner(signerCert);
        return signer.Sign(Payload);
    }

    private static JwsVerificationResult Verify(TestPki pki, string jws) =>
        new JwsVerifier(pki.Validator).Verify(jws, pki.Bundle, pki.PolicyServer);

    private static string Header(object header) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(header));

    private static void AssertFailure(JwsVerificationResult result, JwsFailure failure, string message)
    {
        Assert.False(result.IsValid);
        Assert.Equal(failure, result.Failure);
        Assert.Equal(message, result.Message);
        Assert.True(result.Payload.IsEmpty);
        Assert.Null(result.Signer);
    }
}
