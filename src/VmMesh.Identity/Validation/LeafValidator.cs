// Peer certificate validation. LeafValidator is called from TLS handshake callbacks and the JWS
// verifier: it checks the leaf's own extensions (decoding the SAN extension itself), its validity at
// the injected time, then builds the chain against the trust bundle only. Result: a SpiffeId or a
// precise ValidationFailure with a message naming the cause.
using System.Collections.Immutable;
using System.Formats.Asn1;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Spiffe;

namespace VmMesh.Identity.Validation;

/// <summary>
/// Decides whether a presented certificate is a valid mesh peer, in the order a reader would check by hand:
/// the leaf's own shape (not a CA, KeyUsage critical with digitalSignature and no certificate signing, the EKU the
/// role needs, a P-256 key), its validity at the injected time, exactly one URI SAN that is a SPIFFE ID of the
/// bundle's trust domain (decoded from the raw extension), then a chain to one of the bundle's roots only
/// (no system roots, no downloads, no revocation: short lifetimes stand in for it). Thread-safe and allocation-light
/// enough for a TLS handshake callback.
/// </summary>
public sealed class LeafValidator(TimeProvider timeProvider)
{
    private readonly TimeProvider _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Validates <paramref name="leaf"/>; <paramref name="presentedChain"/> may hold the peer's intermediates (and the leaf, which is skipped).</summary>
    public ValidationResult Validate(
        TrustBundle bundle,
        X509Certificate2? leaf,
        IEnumerable<X509Certificate2>? presentedChain,
        PeerRole role,
        SpiffeId? expectedIdentity = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (leaf is null)
        {
            return ValidationResult.Invalid(ValidationFailure.NoCertificate, "peer presented no certificate; a mesh peer must present its SPIFFE certificate");
        }

        try
        {
            return ValidateParsed(bundle, leaf, presentedChain, role, expectedIdentity);
        }
        catch (CryptographicException)
        {
            // The platform parses certificate fields lazily; a field that does not decode surfaces here.
            return ValidationResult.Invalid(ValidationFailure.Malformed, "peer certificate is malformed (a field does not decode); a mesh peer must present a certificate issued by the mesh CA");
        }
    }

    private ValidationResult ValidateParsed(
        TrustBundle bundle,
        X509Certificate2 leaf,
        IEnumerable<X509Certificate2>? presentedChain,
        PeerRole role,
        SpiffeId? expectedIdentity)
    {
        var name = $"'{CharDisplay.Escape(leaf.Subject)}' (serial {leaf.SerialNumber})";
        var now = _timeProvider.GetUtcNow();
        var failure = LeafProfile.Check(leaf, name, role)
            ?? CheckTime(leaf, name, now);
        if (failure is not null)
        {
            return failure;
        }

        var identityResult = ReadIdentity(leaf, name, bundle.TrustDomain);
        if (!identityResult.IsValid)
        {
            return identityResult;
        }

        var identity = identityResult.Identity;
        var chainFailure = CheckChain(bundle, leaf, presentedChain, now);
        if (chainFailure is not null)
        {
            return ValidationResult.Invalid(ValidationFailure.UntrustedChain, $"certificate {name} for {identity} does not chain to a root in the trust bundle of '{bundle.TrustDomain}': {chainFailure}");
        }

        if (expectedIdentity is not null && identity != expectedIdentity)
        {
            return ValidationResult.Invalid(ValidationFailure.WrongIdentity, $"certificate {name} is for {identity} but {expectedIdentity} was expected");
        }

        return identityResult;
    }

    /// <summary>
    /// For <c>RemoteCertificateValidationCallback</c>: ignores .NET's own chain verdict (it used the system roots)
    /// and validates against <paramref name="bundle"/>, taking the peer's intermediates from the chain's ExtraStore.
    /// </summary>
    public ValidationResult ValidateTlsPeer(
        TrustBundle bundle,
        X509Certificate? certificate,
        X509Chain? chain,
        SslPolicyErrors errors,
        PeerRole role,
        SpiffeId? expectedIdentity = null)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return Validate(bundle, null, null, role, expectedIdentity);
        }

        if (certificate is X509Certificate2 leaf)
        {
            return Validate(bundle, leaf, chain?.ChainPolicy.ExtraStore, role, expectedIdentity);
        }

        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return Validate(bundle, loaded, chain?.ChainPolicy.ExtraStore, role, expectedIdentity);
    }

    private static ValidationResult? CheckTime(X509Certificate2 leaf, string name, DateTimeOffset now)
    {
        var notBefore = new DateTimeOffset(leaf.NotBefore).ToUniversalTime();
        if (now < notBefore)
        {
            return ValidationResult.Invalid(ValidationFailure.NotYetValid, $"certificate {name} is not valid until {notBefore:O} and the time here is {now:O}; check for clock skew between this host and the policy server");
        }

        // Expired from NotAfter itself on, matching the platform chain builder so both checks agree at the boundary.
        var notAfter = new DateTimeOffset(leaf.NotAfter).ToUniversalTime();
        return now >= notAfter
            ? ValidationResult.Invalid(ValidationFailure.Expired, $"certificate {name} expired at {notAfter:O} and the time here is {now:O}; the peer must renew its certificate")
            : null;
    }

    private static ValidationResult ReadIdentity(X509Certificate2 leaf, string name, TrustDomain trustDomain)
    {
        ImmutableArray<string> uris;
        try
        {
            uris = SubjectAlternativeNames.ReadUris(leaf);
        }
        catch (AsnContentException ex)
        {
            return ValidationResult.Invalid(ValidationFailure.Malformed, $"certificate {name} has a malformed SubjectAlternativeName extension ({ex.Message})");
        }

        if (uris.IsEmpty)
        {
            return ValidationResult.Invalid(ValidationFailure.NoUriSan, $"certificate {name} has no URI SAN; a mesh certificate carries exactly one spiffe:// URI SAN");
        }

        if (uris.Length > 1)
        {
            return ValidationResult.Invalid(ValidationFailure.MultipleUriSans, $"certificate {name} has {uris.Length} URI SANs; SPIFFE requires exactly one");
        }

        if (!SpiffeId.TryParse(uris[0], out var identity, out var error))
        {
            return ValidationResult.Invalid(ValidationFailure.InvalidSpiffeId, $"certificate {name} URI SAN is not a valid SPIFFE ID: {error}");
        }

        return identity.TrustDomain != trustDomain
            ? ValidationResult.Invalid(ValidationFailure.WrongTrustDomain, $"certificate {name} identity {identity} is in trust domain '{identity.TrustDomain}', not '{trustDomain}'")
            : ValidationResult.Valid(identity);
    }

    /// <summary>Null when the chain builds to a bundle root, otherwise the chain builder's reasons.</summary>
    private static string? CheckChain(TrustBundle bundle, X509Certificate2 leaf, IEnumerable<X509Certificate2>? presentedChain, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(bundle.RootCollection);
        policy.ExtraStore.AddRange(bundle.IntermediateCollection);
        if (presentedChain is not null)
        {
            foreach (var certificate in presentedChain)
            {
                if (!certificate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
                {
                    policy.ExtraStore.Add(certificate);
                }
            }
        }

        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = now.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        try
        {
            if (chain.Build(leaf))
            {
                return null;
            }

            var statuses = chain.ChainStatus.Select(s => s.Status).Distinct().Select(s => s.ToString());
            return string.Join(", ", statuses);
        }
        finally
        {
            // The chain builder hands out its own certificate objects; free their native handles now rather than
            // at finalization, except any object the caller or the bundle still owns.
            foreach (var element in chain.ChainElements)
            {
                var certificate = element.Certificate;
                if (!ReferenceEquals(certificate, leaf)
                    && !bundle.Roots.Any(r => ReferenceEquals(r, certificate))
                    && !bundle.Intermediates.Any(i => ReferenceEquals(i, certificate))
                    && (presentedChain is null || !presentedChain.Any(p => ReferenceEquals(p, certificate))))
                {
                    certificate.Dispose();
                }
            }
        }
    }
}
