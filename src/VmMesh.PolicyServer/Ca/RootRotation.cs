// The mesh CA on the wire: roots (trust bundle) with long-poll, signing (join token or mTLS renewal) behind a
// limiter, and rotation. Data flow of a sign: limiter → authenticate (join token or client certificate) → issue
// from the CA snapshot (only the CSR's key is used) → spend a token use with CAS → count in metrics.
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Spiffe;
using VmMesh.PolicyServer.Audit;
using VmMesh.PolicyServer.State;

namespace VmMesh.PolicyServer.Ca;

/// <summary>
/// Creates the first root and rotates roots: a new root cross-signed by the current one becomes active; the old
/// one stays in the bundle (retired) until the pruner removes it after the last leaf it signed has expired.
/// Both writes are CAS transactions, so concurrent callers cannot create two CAs or fork a rotation.
/// </summary>
internal sealed class RootRotation(
    CaStore store,
    StateCache cache,
    AuditRecorder audit,
    TrustDomain trustDomain,
    TimeProvider timeProvider,
    Random random,
    CertificateLifetimeOptions lifetime)
{
    /// <summary>Creates the first root unless one exists; true when this call created it.</summary>
    public async Task<bool> InitializeAsync(CancellationToken cancellationToken)
    {
        var state = await store.LoadAsync(cancellationToken);
        if (state.IsInitialized)
        {
            return false;
        }

        using var root = RootCertificateFactory.Create(trustDomain, timeProvider, random, lifetime);
        var stored = store.Seal(root, null, timeProvider.GetUtcNow());
        var created = await store.CreateInitialAsync(stored, audit.Create(AuditRecorder.ServerActor, "ca.init", stored.Id, null, Describe(stored)), cancellationToken);
        await cache.RefreshCaAsync(cancellationToken);
        return created;
    }

    /// <summary>Rotates to a new root; retries when another write to the CA raced this one.</summary>
    public async Task<CaSnapshot> RotateAsync(string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var state = await store.LoadAsync(cancellationToken);
            if (!state.IsInitialized)
            {
                throw Http.ApiException.Unavailable("no CA is loaded yet: the leader creates it at first start; retry shortly");
            }

            var oldEntry = state.Roots.Single(r => r.Root.Id == state.ActiveRootId);
            using var oldRoot = store.Open(oldEntry.Root);
            using var oldCa = new CertificateAuthority(oldRoot, timeProvider, random, lifetime);
            using var newRoot = RootCertificateFactory.Create(trustDomain, timeProvider, random, lifetime);
            using var crossSigned = oldCa.CrossSign(newRoot);
            var now = timeProvider.GetUtcNow();
            var stored = store.Seal(newRoot, crossSigned, now);
            var entry = audit.Create(actor, "ca.rotate", stored.Id, Describe(oldEntry.Root), Describe(stored));
            if (await store.RotateAsync(state, stored, now, entry, cancellationToken))
            {
                await cache.RefreshCaAsync(cancellationToken);
                return cache.RequireCa();
            }

            if (attempt >= 5)
            {
                throw Http.ApiException.Conflict("the CA changed during the rotation five times in a row; retry the rotation");
            }
        }
    }

    public static JsonObject Describe(StoredRoot root)
    {
        using var certificate = X509Certificate2.CreateFromPem(root.CertificatePem);
        return new JsonObject
        {
            ["id"] = root.Id,
            ["subject"] = certificate.Subject,
            ["notAfter"] = Http.TimeText.Format(certificate.NotAfter.ToUniversalTime()),
        };
    }
}
