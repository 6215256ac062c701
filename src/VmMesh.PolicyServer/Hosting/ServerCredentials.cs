using System.Net;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Keys;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Signing;
using VmMesh.Identity.Spiffe;
using VmMesh.PolicyServer.State;

namespace VmMesh.PolicyServer.Hosting;

/// <summary>
/// Issues and re-issues the server's TLS and signing certificates from the mesh CA. Kestrel's certificate selector
/// reads <see cref="Current"/> on every handshake, so a new certificate (at a random point between 40 % and 50 % of
/// the lifetime, or at once after the active root changes) is served without a restart. <see cref="Changed"/> wakes the
/// leader, which signs the published bundle and shards again with the new signing certificate long before the old
/// one expires (it has at least half its lifetime left).
/// </summary>
internal sealed class ServerCredentials(
    StateCache cache,
    TrustDomain trustDomain,
    IReadOnlyList<string> advertise,
    TimeProvider timeProvider,
    Random random,
    ILogger<ServerCredentials> logger)
{
    // Start-up, the leader and the renewal loop may all ask at once; one issuance is enough.
    private readonly Lock _issueLock = new();
    private ServerCredentialSet? _current;

    public ServerCredentialSet Current => Volatile.Read(ref _current) ?? throw new InvalidOperationException("server credentials are not issued yet; call EnsureIssued after the CA is loaded");

    public ChangeSignal Changed { get; } = new();

    /// <summary>Issues from the current CA snapshot when there is none yet, the root changed, or renewal is due.</summary>
    public void EnsureIssued()
    {
        ServerCredentialSet issued;
        lock (_issueLock)
        {
            var ca = cache.RequireCa();
            var current = Volatile.Read(ref _current);
            if (current is not null && current.RootId == ca.Bundle.ActiveRootId && timeProvider.GetUtcNow() < current.RenewAt)
            {
                return;
            }

            issued = Issue(ca);
            Volatile.Write(ref _current, issued);
        }

        PolicyServerLog.ServerCertificateIssued(logger, issued.RootId, issued.TlsCertificate.NotAfter.ToUniversalTime(), issued.RenewAt);
        Changed.Raise();
    }

    /// <summary>Keeps the credentials current until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var caChanged = cache.CaChanged.Next;
            try
            {
                if (cache.Ca is not null)
                {
                    EnsureIssued();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                PolicyServerLog.ServerCertificateFailed(logger, ex);
            }

            var renewIn = _current is { } c ? RenewalSchedule.Delay(timeProvider.GetUtcNow(), c.RenewAt) : TimeSpan.FromSeconds(5);
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(renewIn < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : renewIn, timeProvider, timer.Token);
            await Task.WhenAny(caChanged, delay).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            await timer.CancelAsync();
        }
    }

    private ServerCredentialSet Issue(CaSnapshot ca)
    {
        var identity = SpiffeId.PolicyServer(trustDomain);
        var ips = new List<IPAddress>();
        var dns = new List<string>();
        foreach (var name in advertise)
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                ips.Add(ip);
            }
            else
            {
                dns.Add(name);
            }
        }

        using var tlsKey = MeshKey.Create();
        using var tlsLeaf = ca.Authority.Issue(new LeafRequest(SigningRequestBuilder.CreatePem(tlsKey, identity), identity) { DnsNames = dns, IpAddresses = ips });
        var tls = CertificateCredential.Combine(tlsLeaf, tlsKey);

        using var signingKey = MeshKey.Create();
        using var signingLeaf = ca.Authority.Issue(new LeafRequest(SigningRequestBuilder.CreatePem(signingKey, identity), identity));
        var signing = CertificateCredential.Combine(signingLeaf, signingKey);
        var chain = ca.ActiveCrossSigned is null ? [] : new[] { ca.ActiveCrossSigned };
        var signerId = CertificateFingerprint.Of(signing);
        var signer = new JwsSigner(signing, chain, signerId);

        var renewAt = RenewalSchedule.Next(new DateTimeOffset(tls.NotBefore.ToUniversalTime()), new DateTimeOffset(tls.NotAfter.ToUniversalTime()), random);
        return new ServerCredentialSet(tls, signing, signer, signerId, ca.Bundle.ActiveRootId, ca.Revision, renewAt);
    }
}
