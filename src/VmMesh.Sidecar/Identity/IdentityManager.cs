using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Keys;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;
using VmMesh.PolicyServer.Client.Ca;
using VmMesh.PolicyServer.Client.Errors;

namespace VmMesh.Sidecar.Identity;

/// <summary>
/// Gets and keeps the sidecar's certificate. Start: a still-valid cached certificate is published at once (fail
/// static); otherwise a new key, a CSR and the join token get the first one. Then <see cref="RunAsync"/> renews at
/// the RenewalSchedule point with a fresh key over mTLS, retrying with capped backoff while the current certificate
/// keeps serving; after expiry it falls back to the join token. Every new certificate is checked against the trust
/// bundle before it is published and cached.
/// </summary>
internal sealed class IdentityManager(
    IdentitySettings settings,
    IPolicyServerCa ca,
    CertificateStore store,
    IdentityCache cache,
    TimeProvider timeProvider,
    Random random,
    ILogger<IdentityManager> logger)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    private readonly LeafValidator _validator = new(timeProvider);
    private readonly Lock _randomLock = new();
    private readonly Lock _publishLock = new();

    /// <summary>Publishes the cached identity if it is still valid, otherwise obtains the first certificate with the join token.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var cached = LoadCache();
        if (cached is not null)
        {
            store.Publish(cached);
            IdentityLog.FromCache(logger, cached.Identity.ToString(), cached.NotAfter);
            return;
        }

        await IssueAsync(ReadJoinToken(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The renewal loop: runs until cancelled; never throws for policy-server failures.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        TimeSpan? retryDelay = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var current = store.Required;
            var delay = retryDelay ?? RenewalSchedule.Delay(timeProvider.GetUtcNow(), current.RenewAt);
            try
            {
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
                await RenewAsync(cancellationToken).ConfigureAwait(false);
                attempt = 0;
                retryDelay = null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is PolicyServerException or IdentityUnavailableException or HttpRequestException or IOException)
            {
                attempt++;
                retryDelay = RetryDelay(attempt);
                if (timeProvider.GetUtcNow() >= current.NotAfter)
                {
                    IdentityLog.Expired(logger, current.Identity.ToString(), current.NotAfter);
                }

                IdentityLog.RenewalFailed(logger, attempt, current.NotAfter, retryDelay.Value, ex.Message);
            }
        }
    }

    /// <summary>
    /// Follows the policy server's roots so a root rotation reaches the validators without waiting for the next
    /// renewal: each new set that shares a root with the held bundle is published with the current certificate.
    /// </summary>
    public async Task RunRootsWatchAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var pem in ca.WatchRootsPemAsync(cancellationToken).ConfigureAwait(false))
                {
                    attempt = 0;
                    UpdateBundle(pem);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is PolicyServerException or HttpRequestException or IOException)
            {
                attempt++;
                IdentityLog.RootsUnavailable(logger, ex.Message);
            }

            try
            {
                await Task.Delay(attempt == 0 ? FirstRetryDelay : RetryDelay(attempt), timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Publishes the current certificate with the roots in <paramref name="pem"/> when they continue the held bundle.</summary>
    public bool UpdateBundle(string pem)
    {
        lock (_publishLock)
        {
            return UpdateBundleLocked(pem);
        }
    }

    private bool UpdateBundleLocked(string pem)
    {
        var current = store.Required;
        TrustBundle fetched;
        try
        {
            fetched = TrustBundle.FromPem(current.Bundle.TrustDomain, pem);
        }
        catch (ArgumentException ex)
        {
            IdentityLog.RootsUnavailable(logger, ex.Message);
            return false;
        }

        if (fetched.RootIds.SequenceEqual(current.Bundle.RootIds) && fetched.ActiveRootId == current.Bundle.ActiveRootId)
        {
            return false;
        }

        if (!fetched.RootIds.Intersect(current.Bundle.RootIds, StringComparer.Ordinal).Any())
        {
            IdentityLog.RootsUnavailable(logger, $"the policy server's roots ({string.Join(", ", fetched.RootIds)}) share none with the held bundle ({string.Join(", ", current.Bundle.RootIds)}); check policyServer.caFile");
            return false;
        }

        store.Publish(current with { Bundle = fetched, Revision = current.Revision + 1 });
        if (cache.Load() is { } cached)
        {
            SaveCache(new CachedIdentity(cached.CertificatePem, cached.PrivateKeyPem, fetched.ToPem()));
        }

        return true;
    }

    /// <summary>One renewal: over mTLS while the current certificate is valid, with the join token after it expired.</summary>
    public Task<IdentitySnapshot> RenewAsync(CancellationToken cancellationToken)
    {
        var current = store.Current;
        var expired = current is null || timeProvider.GetUtcNow() >= current.NotAfter;
        return IssueAsync(expired ? ReadJoinToken() : null, cancellationToken);
    }

    private async Task<IdentitySnapshot> IssueAsync(string? joinToken, CancellationToken cancellationToken)
    {
        var previous = store.Current;
        var bundle = previous?.Bundle ?? settings.InitialBundle;
        var requested = SpiffeId.ForService(bundle.TrustDomain, settings.Datacenter, settings.Service);
        using var key = MeshKey.Create();
        var csr = SigningRequestBuilder.CreatePem(key, requested);
        var response = await ca.SignAsync(new SignRequest(csr, settings.Service.Value), joinToken, cancellationToken).ConfigureAwait(false);
        bundle = await FetchBundleAsync(bundle, cancellationToken).ConfigureAwait(false);

        var keyPem = MeshKey.ExportPrivateKeyPem(key);
        X509Certificate2 certificate;
        try
        {
            certificate = CertificateCredential.FromPem(response.CertificatePem, keyPem);
        }
        catch (ArgumentException ex)
        {
            throw new IdentityUnavailableException($"The policy server returned an unusable certificate ({ex.Message}); check that the sidecar talks to a VmMesh policy server", ex);
        }

        var snapshot = Check(certificate, bundle, revision: 0);
        lock (_publishLock)
        {
            // The roots watch may have published in the meantime; revisions still only rise.
            snapshot = snapshot with { Revision = (store.Current?.Revision ?? 0) + 1 };
            store.Publish(snapshot);
        }

        IdentityLog.Issued(logger, snapshot.Identity.ToString(), snapshot.NotAfter, snapshot.RenewAt, snapshot.Revision);
        SaveCache(new CachedIdentity(response.CertificatePem, keyPem, bundle.ToPem()));
        return snapshot;
    }

    private IdentitySnapshot Check(X509Certificate2 certificate, TrustBundle bundle, long revision)
    {
        var result = _validator.Validate(bundle, certificate, null, PeerRole.Server);
        if (!result.IsValid)
        {
            throw new IdentityUnavailableException($"The certificate from the policy server is not valid here: {result.Message}");
        }

        if (!result.Identity.TryGetServiceName(out var service) || service != settings.Service)
        {
            throw new IdentityUnavailableException($"The policy server issued a certificate for {result.Identity}, but this sidecar is for service '{settings.Service}'; use a join token created for '{settings.Service}'");
        }

        var notBefore = new DateTimeOffset(certificate.NotBefore).ToUniversalTime();
        var notAfter = new DateTimeOffset(certificate.NotAfter).ToUniversalTime();
        DateTimeOffset renewAt;
        lock (_randomLock)
        {
            renewAt = RenewalSchedule.Next(notBefore, notAfter, random);
        }

        return new IdentitySnapshot(result.Identity, certificate, bundle, notBefore, notAfter, renewAt, revision);
    }

    private async Task<TrustBundle> FetchBundleAsync(TrustBundle held, CancellationToken cancellationToken)
    {
        try
        {
            var pem = await ca.GetRootsPemAsync(cancellationToken).ConfigureAwait(false);
            var fetched = TrustBundle.FromPem(held.TrustDomain, pem);

            // Trust moves on only by continuity: a rotation adds a root before it drops the old one, so a set of
            // roots that shares none with the held bundle is not a rotation but a different CA.
            if (!fetched.RootIds.Intersect(held.RootIds, StringComparer.Ordinal).Any())
            {
                IdentityLog.RootsUnavailable(logger, $"the policy server's roots ({string.Join(", ", fetched.RootIds)}) share none with the held bundle ({string.Join(", ", held.RootIds)}); check policyServer.caFile");
                return held;
            }

            return fetched;
        }
        catch (Exception ex) when (ex is PolicyServerException or HttpRequestException or ArgumentException)
        {
            IdentityLog.RootsUnavailable(logger, ex.Message);
            return held;
        }
    }

    private IdentitySnapshot? LoadCache()
    {
        try
        {
            var cached = cache.Load();
            if (cached is null)
            {
                return null;
            }

            var bundle = TrustBundle.FromPem(settings.InitialBundle.TrustDomain, cached.BundlePem);
            var certificate = CertificateCredential.FromPem(cached.CertificatePem, cached.PrivateKeyPem);
            return Check(certificate, bundle, revision: 1);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException or IdentityUnavailableException)
        {
            IdentityLog.CacheUnusable(logger, cache.Directory, ex.Message);
            return null;
        }
    }

    private void SaveCache(CachedIdentity identity)
    {
        try
        {
            cache.Save(identity);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            IdentityLog.CacheWriteFailed(logger, cache.Directory, ex.Message);
        }
    }

    private string ReadJoinToken()
    {
        var path = settings.JoinTokenFile
            ?? throw new IdentityUnavailableException($"No valid certificate for '{settings.Service}' and policyServer.joinTokenFile is not set; create a join token for '{settings.Service}' on the policy server and set policyServer.joinTokenFile to the file holding it");
        string token;
        try
        {
            token = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IdentityUnavailableException($"No valid certificate for '{settings.Service}' and the join token file {path} cannot be read ({ex.GetType().Name}); write a join token for '{settings.Service}' there", ex);
        }

        return token.Length > 0
            ? token
            : throw new IdentityUnavailableException($"No valid certificate for '{settings.Service}' and the join token file {path} is empty; write a join token for '{settings.Service}' there");
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var exponential = FirstRetryDelay * Math.Pow(2, Math.Min(attempt - 1, 20));
        var capped = exponential < MaxRetryDelay ? exponential : MaxRetryDelay;
        double jitter;
        lock (_randomLock)
        {
            jitter = 0.8 + (random.NextDouble() * 0.4);
        }

        return capped * jitter;
    }
}
