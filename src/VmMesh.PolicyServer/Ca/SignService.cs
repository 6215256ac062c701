using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;
using VmMesh.PolicyServer.Client.Ca;
using VmMesh.PolicyServer.Http;
using VmMesh.PolicyServer.State;
using VmMesh.PolicyServer.Tokens;

namespace VmMesh.PolicyServer.Ca;

/// <summary>
/// <c>POST /v1/ca/sign</c>. A join token (Bearer) gets a host its first certificate; the current certificate over
/// mTLS renews it. Either way the identity comes from the credential, never from the CSR, whose only contribution
/// is its (signature-checked, P-256) public key. A token use is spent only after the certificate was issued.
/// </summary>
internal sealed class SignService(
    StateCache cache,
    JoinTokens tokens,
    LeafValidator validator,
    SigningLimiter limiter,
    PolicyServerMetrics metrics,
    string datacenter)
{
    public const string NoCredentialsMessage = "sign request has no credentials: send a join token as Authorization: Bearer <token> for a first certificate, or present your current mesh certificate over mTLS to renew";

    private static readonly string[] Fields = ["csr", "service"];

    public async Task<SignResponse> SignAsync(HttpContext context)
    {
        try
        {
            using var permit = await limiter.AcquireAsync(context.RequestAborted);
            return await SignCoreAsync(context);
        }
        catch (ApiException ex)
        {
            metrics.SignRejected(ex.StatusCode);
            throw;
        }
    }

    private async Task<SignResponse> SignCoreAsync(HttpContext context)
    {
        using var body = await StrictJsonBody.ReadAsync(context, "sign request", Fields);
        var csr = body.GetString("csr");
        if (string.IsNullOrWhiteSpace(csr))
        {
            throw ApiException.BadRequest("sign request: csr is missing; send a PEM CERTIFICATE REQUEST made with the host's P-256 key");
        }

        var ca = cache.RequireCa();
        var bearer = BearerToken.Read(context);
        if (bearer is not null)
        {
            var (token, service) = await tokens.CheckAsync(bearer, body.GetString("service"), context.RequestAborted);
            var identity = SpiffeId.ForService(ca.Bundle.TrustDomain, datacenter, service);
            var response = Issue(ca, csr, identity, service);
            await tokens.SpendAsync(token.Id, context.RequestAborted);
            metrics.LeafIssued("join_token");
            return response;
        }

        var certificate = context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted);
        if (certificate is null)
        {
            throw ApiException.Unauthorized(NoCredentialsMessage);
        }

        var result = validator.Validate(ca.Bundle, certificate, null, PeerRole.Client);
        if (!result.IsValid)
        {
            throw ApiException.Unauthorized($"client certificate rejected for renewal: {result.Message}; get a new certificate with a join token");
        }

        if (!result.Identity!.TryGetServiceName(out var renewedService))
        {
            throw ApiException.Forbidden($"client certificate identity {result.Identity} is not a mesh service; only service certificates are renewed here");
        }

        var renewed = Issue(ca, csr, result.Identity, renewedService);
        metrics.LeafIssued("renewal");
        return renewed;
    }

    private static SignResponse Issue(CaSnapshot ca, string csr, SpiffeId identity, ServiceName service)
    {
        X509Certificate2 leaf;
        try
        {
            leaf = ca.Authority.Issue(new LeafRequest(csr, identity));
        }
        catch (CsrRejectedException ex)
        {
            throw ApiException.BadRequest($"sign request: csr rejected: {ex.Message}");
        }

        using (leaf)
        {
            return new SignResponse(
                identity.ToString(),
                PemEncoding.WriteString("CERTIFICATE", leaf.RawData) + "\n",
                ca.ChainPem,
                new DateTimeOffset(leaf.NotAfter.ToUniversalTime()),
                service.Value);
        }
    }
}
