using System.Security.Cryptography;
using VmMesh.Identity.Authority;
using VmMesh.PolicyServer.Client.Ca;
using VmMesh.PolicyServer.Client.Errors;
using VmMesh.Sidecar.Identity;

namespace VmMesh.Sidecar.Tests.Support;

/// <summary>
/// The policy server's CA calls in memory: signs with <see cref="TestCa"/>, for the service the join token names (or
/// <see cref="IssueFor"/>), records every call, and can be switched off to simulate an outage.
/// </summary>
internal sealed class FakePolicyServerCa(TestCa ca, string joinToken = "join-secret") : IPolicyServerCa
{
    private readonly Lock _lock = new();
    private readonly List<SignCall> _calls = [];

    public bool Down { get; set; }

    /// <summary>Issue for this service regardless of the request (to test the sidecar's own check).</summary>
    public string? IssueFor { get; set; }

    public TimeSpan? Lifetime { get; set; }

    public IReadOnlyList<SignCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public Task<string> GetRootsPemAsync(CancellationToken cancellationToken)
    {
        ThrowIfDown();
        return Task.FromResult(ca.Bundle.ToPem());
    }

    /// <summary>What <see cref="WatchRootsPemAsync"/> yields; the test writes new root sets here.</summary>
    public System.Threading.Channels.Channel<string> Roots { get; } = System.Threading.Channels.Channel.CreateUnbounded<string>();

    public async IAsyncEnumerable<string> WatchRootsPemAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var pem in Roots.Reader.ReadAllAsync(cancellationToken))
        {
            ThrowIfDown();
            yield return pem;
        }
    }

    public Task<SignResponse> SignAsync(SignRequest request, string? joinToken, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _calls.Add(new SignCall(request.Service, joinToken, PublicKeyOf(request.Csr)));
        }

        ThrowIfDown();
        if (joinToken is not null && joinToken != this.JoinToken)
        {
            throw new PolicyServerException(PolicyServerErrorKind.Refused, "join token is not valid", System.Net.HttpStatusCode.Unauthorized, "join token is not valid", null, null);
        }

        var id = ca.IdOf(IssueFor ?? request.Service!);
        using var leaf = ca.Authority.Issue(new LeafRequest(request.Csr, id) { Lifetime = Lifetime });
        return Task.FromResult(new SignResponse(id.ToString(), leaf.ExportCertificatePem(), ca.Root.ExportCertificatePem(), new DateTimeOffset(leaf.NotAfter).ToUniversalTime(), IssueFor ?? request.Service!));
    }

    public string JoinToken { get; } = joinToken;

    private void ThrowIfDown()
    {
        if (Down)
        {
            throw new PolicyServerException(PolicyServerErrorKind.Unreachable, "policy server at https://127.0.0.1:8443 is unreachable (connection refused)", null, null, null, null);
        }
    }

    private static string PublicKeyOf(string csrPem)
    {
        var request = System.Security.Cryptography.X509Certificates.CertificateRequest.LoadSigningRequestPem(
            csrPem, HashAlgorithmName.SHA256, System.Security.Cryptography.X509Certificates.CertificateRequestLoadOptions.Default);
        return Convert.ToHexString(request.PublicKey.ExportSubjectPublicKeyInfo());
    }

    internal sealed record SignCall(string? Service, string? JoinToken, string PublicKey);
}
