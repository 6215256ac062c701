using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;

namespace VmMesh.Identity.Authority;

/// <summary>
/// Immutable snapshot of what a trust domain's validators trust: every current root (self-signed CA certificates,
/// the anchors), any cross-signed certificates used during rotation (never anchors, only chain links), and which
/// root currently signs. Rotation publishes a new bundle; nothing is changed in place.
/// </summary>
public sealed class TrustBundle
{
    private TrustBundle(TrustDomain trustDomain, ImmutableArray<X509Certificate2> roots, ImmutableArray<X509Certificate2> intermediates, string activeRootId)
    {
        TrustDomain = trustDomain;
        Roots = roots;
        Intermediates = intermediates;
        ActiveRootId = activeRootId;
        RootIds = [.. roots.Select(CertificateFingerprint.Of)];
        RootCollection = [.. roots];
        IntermediateCollection = [.. intermediates];
    }

    public TrustDomain TrustDomain { get; }

    public ImmutableArray<X509Certificate2> Roots { get; }

    /// <summary>Cross-signed certificates; offered to the chain builder as links, never trusted as anchors.</summary>
    public ImmutableArray<X509Certificate2> Intermediates { get; }

    /// <summary>Fingerprints (<c>sha256:…</c>) of <see cref="Roots"/>, in the same order.</summary>
    public ImmutableArray<string> RootIds { get; }

    public string ActiveRootId { get; }

    public X509Certificate2 ActiveRoot => Roots[RootIds.IndexOf(ActiveRootId)];

    internal X509Certificate2Collection RootCollection { get; }

    internal X509Certificate2Collection IntermediateCollection { get; }

    /// <summary>
    /// Builds a bundle, checking that every root is a self-issued CA certificate of <paramref name="trustDomain"/> and
    /// every intermediate a CA certificate of it; all problems are reported together. Private keys are never kept.
    /// </summary>
    public static TrustBundle Create(
        TrustDomain trustDomain,
        IEnumerable<X509Certificate2> roots,
        string? activeRootId = null,
        IEnumerable<X509Certificate2>? intermediates = null)
    {
        ArgumentNullException.ThrowIfNull(trustDomain);
        ArgumentNullException.ThrowIfNull(roots);
        var errors = new List<string>();
        var rootList = Copy(roots);
        var intermediateList = Copy(intermediates ?? []);
        if (rootList.Length == 0)
        {
            errors.Add("trust bundle has no roots; add at least the active root");
        }

        for (var i = 0; i < rootList.Length; i++)
        {
            CheckCa(trustDomain, rootList[i], $"root #{i + 1}", requireSelfIssued: true, errors);
        }

        for (var i = 0; i < intermediateList.Length; i++)
        {
            CheckCa(trustDomain, intermediateList[i], $"intermediate #{i + 1}", requireSelfIssued: false, errors);
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid trust bundle: " + string.Join("; ", errors));
        }

        var ids = rootList.Select(CertificateFingerprint.Of).ToList();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            errors.Add("trust bundle lists the same root twice; list each root once");
        }

        // Without an explicit choice the newest root is the active one, as after a rotation.
        activeRootId ??= rootList.Length == 0 ? null : CertificateFingerprint.Of(rootList.MaxBy(r => r.NotBefore)!);
        if (activeRootId is not null && !ids.Contains(activeRootId, StringComparer.Ordinal))
        {
            errors.Add($"active root '{activeRootId}' is not one of the bundle's roots; choose one of: {string.Join(", ", ids)}");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid trust bundle: " + string.Join("; ", errors));
        }

        return new TrustBundle(trustDomain, rootList, intermediateList, activeRootId!);
    }

    /// <summary>Reads a bundle written by <see cref="ToPem"/>: self-issued certificates are roots, the others intermediates.</summary>
    public static TrustBundle FromPem(TrustDomain trustDomain, string pem, string? activeRootId = null)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"Invalid trust bundle: the PEM holds a certificate that does not parse ({ex.Message}); fetch the bundle again from /v1/ca/roots", nameof(pem), ex);
        }

        if (certificates.Count == 0)
        {
            throw new ArgumentException("Invalid trust bundle: the PEM holds no CERTIFICATE blocks; fetch the bundle again from /v1/ca/roots", nameof(pem));
        }

        List<X509Certificate2> roots = [];
        List<X509Certificate2> intermediates = [];
        foreach (var certificate in certificates)
        {
            bool selfIssued;
            try
            {
                selfIssued = CertificateFacts.IsSelfIssued(certificate);
            }
            catch (CryptographicException ex)
            {
                throw new ArgumentException("Invalid trust bundle: a certificate in the PEM is malformed (a field does not decode); fetch the bundle again from /v1/ca/roots", nameof(pem), ex);
            }

            (selfIssued ? roots : intermediates).Add(certificate);
        }

        return Create(trustDomain, roots, activeRootId, intermediates);
    }

    /// <summary>Roots first (active root first), then intermediates, as concatenated CERTIFICATE PEM blocks.</summary>
    public string ToPem()
    {
        var builder = new StringBuilder();
        foreach (var certificate in Roots.OrderBy(r => CertificateFingerprint.Of(r) == ActiveRootId ? 0 : 1).Concat(Intermediates))
        {
            builder.Append(PemEncoding.Write("CERTIFICATE", certificate.RawData)).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>A new bundle that also trusts <paramref name="root"/>, and optionally makes it active.</summary>
    public TrustBundle WithRoot(X509Certificate2 root, bool makeActive, X509Certificate2? crossSigned = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var intermediates = crossSigned is null ? Intermediates : Intermediates.Add(crossSigned);
        return Create(TrustDomain, Roots.Add(root), makeActive ? CertificateFingerprint.Of(root) : ActiveRootId, intermediates);
    }

    /// <summary>A new bundle without the root <paramref name="rootId"/> and any cross-signed certificate it issued.</summary>
    public TrustBundle WithoutRoot(string rootId)
    {
        var index = RootIds.IndexOf(rootId);
        if (index < 0)
        {
            throw new ArgumentException($"Root '{rootId}' is not in the bundle; choose one of: {string.Join(", ", RootIds)}", nameof(rootId));
        }

        if (rootId == ActiveRootId)
        {
            throw new ArgumentException($"Root '{rootId}' is the active root; make another root active before removing it", nameof(rootId));
        }

        var removed = Roots[index];
        return Create(
            TrustDomain,
            Roots.RemoveAt(index),
            ActiveRootId,
            Intermediates.Where(i => !i.IssuerName.RawData.AsSpan().SequenceEqual(removed.SubjectName.RawData)));
    }

    private static ImmutableArray<X509Certificate2> Copy(IEnumerable<X509Certificate2> certificates) =>
        [.. certificates.Select(c => X509CertificateLoader.LoadCertificate(c.RawDataMemory.Span))];

    private static void CheckCa(TrustDomain trustDomain, X509Certificate2 certificate, string role, bool requireSelfIssued, List<string> errors)
    {
        try
        {
            CheckCaFields(trustDomain, certificate, $"{role} '{CharDisplay.Escape(certificate.Subject)}'", requireSelfIssued, errors);
        }
        catch (CryptographicException)
        {
            // Certificate fields are decoded lazily; one that does not decode makes the whole bundle unusable.
            errors.Add($"{role} is malformed (a field does not decode); fetch the bundle again from /v1/ca/roots");
        }
    }

    private static void CheckCaFields(TrustDomain trustDomain, X509Certificate2 certificate, string role, bool requireSelfIssued, List<string> errors)
    {
        if (!CertificateFacts.IsCertificateAuthority(certificate))
        {
            errors.Add($"{role} is not a CA certificate (BasicConstraints CA:true)");
            return;
        }

        if (requireSelfIssued && !CertificateFacts.IsSelfIssued(certificate))
        {
            errors.Add($"{role} is issued by '{CharDisplay.Escape(certificate.Issuer)}', not by itself; put cross-signed certificates in intermediates");
        }

        var certificateDomain = CertificateFacts.ReadCaTrustDomain(certificate, out var error);
        if (certificateDomain is null)
        {
            errors.Add(error!);
        }
        else if (certificateDomain != trustDomain)
        {
            errors.Add($"{role} is for trust domain '{certificateDomain}', not '{trustDomain}'");
        }
    }
}
