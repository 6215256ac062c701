using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Spiffe;

namespace VmMesh.PolicyServer.State;

/// <summary>
/// What every replica signs and serves with, built whole from one <see cref="CaState"/> and swapped whole: the trust
/// bundle (all current roots, plus cross-signed certificates whose issuer is still a root), the active root's CA
/// (private key opened with the KEK) and the chain handed out with each leaf.
/// </summary>
internal sealed class CaSnapshot
{
    private CaSnapshot(long revision, CaState state, TrustBundle bundle, CertificateAuthority authority, X509Certificate2? activeCrossSigned)
    {
        Revision = revision;
        State = state;
        Bundle = bundle;
        Authority = authority;
        ActiveCrossSigned = activeCrossSigned;
        var chain = new StringBuilder(PemEncoding.WriteString("CERTIFICATE", bundle.ActiveRoot.RawData)).Append('\n');
        if (activeCrossSigned is not null)
        {
            chain.Append(PemEncoding.WriteString("CERTIFICATE", activeCrossSigned.RawData)).Append('\n');
        }

        ChainPem = chain.ToString();
        BundlePem = bundle.ToPem();
    }

    /// <summary>Rises with every change of the roots; the <c>index</c> of <c>GET /v1/ca/roots</c>.</summary>
    public long Revision { get; }

    public CaState State { get; }

    public TrustBundle Bundle { get; }

    /// <summary>The active root's CA. Not disposed when the snapshot is replaced: requests in flight may still use it.</summary>
    public CertificateAuthority Authority { get; }

    /// <summary>The active root cross-signed by its predecessor, while that predecessor is still in the bundle.</summary>
    public X509Certificate2? ActiveCrossSigned { get; }

    /// <summary>The issuing root, then the cross-signed root during a rotation.</summary>
    public string ChainPem { get; }

    /// <summary>The trust bundle as written to <c>ca.pem</c> and served by <c>?pem</c>.</summary>
    public string BundlePem { get; }

    public static CaSnapshot Build(long revision, CaState state, CaStore store, TrustDomain trustDomain, TimeProvider timeProvider, Random random, CertificateLifetimeOptions lifetime)
    {
        var roots = state.Roots.Select(r => X509Certificate2.CreateFromPem(r.Root.CertificatePem)).ToImmutableArray();
        var rootNames = roots.Select(r => r.SubjectName.RawData).ToList();
        var intermediates = new List<X509Certificate2>();
        X509Certificate2? activeCrossSigned = null;
        foreach (var entry in state.Roots)
        {
            if (entry.Root.CrossSignedPem is null)
            {
                continue;
            }

            var crossSigned = X509Certificate2.CreateFromPem(entry.Root.CrossSignedPem);
            if (rootNames.Any(n => n.AsSpan().SequenceEqual(crossSigned.IssuerName.RawData)))
            {
                intermediates.Add(crossSigned);
                if (entry.Root.Id == state.ActiveRootId)
                {
                    activeCrossSigned = crossSigned;
                }
            }
        }

        var bundle = TrustBundle.Create(trustDomain, roots, state.ActiveRootId, intermediates);
        using var activeWithKey = store.Open(state.Roots.Single(r => r.Root.Id == state.ActiveRootId).Root);
        var authority = new CertificateAuthority(activeWithKey, timeProvider, random, lifetime);
        return new CaSnapshot(revision, state, bundle, authority, activeCrossSigned);
    }
}
