using System.Security.Cryptography.X509Certificates;
using VmMesh.Identity.Spiffe;
using VmMesh.PolicyServer.Client.Trust;

namespace VmMesh.PolicyServer.Client;

/// <summary>
/// How to reach and trust the policy server. A class, not a record, so that no generated ToString can print the
/// admin token.
/// </summary>
public sealed class PolicyServerClientOptions
{
    /// <summary>E.g. <c>https://127.0.0.1:8443</c>.</summary>
    public required Uri ServerAddress { get; init; }

    /// <summary>The only roots trusted for the server's certificate.</summary>
    public required PolicyServerTrust Trust { get; init; }

    /// <summary>When set, the server must present exactly this SPIFFE ID (normally <see cref="PolicyServerTrust.PolicyServerId"/>).</summary>
    public SpiffeId? ExpectedServerId { get; init; }

    /// <summary>Sent as Bearer on admin calls. Never logged.</summary>
    public string? AdminToken { get; init; }

    /// <summary>Read at each TLS handshake, so a renewed certificate is used without a new client (sidecar renewals).</summary>
    public Func<X509Certificate2?>? ClientCertificate { get; init; }

    /// <summary>Per-request timeout (a long-poll adds its wait on top).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
