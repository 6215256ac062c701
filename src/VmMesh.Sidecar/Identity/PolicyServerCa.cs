using VmMesh.PolicyServer.Client;
using VmMesh.PolicyServer.Client.Ca;

namespace VmMesh.Sidecar.Identity;

/// <summary>
/// The production <see cref="IPolicyServerCa"/>: roots through the shared typed client, and every sign call through a
/// client of its own that is disposed afterwards. A pooled TLS connection keeps the client certificate of its
/// handshake, so a renewal sent over a connection opened before the previous renewal (or with no certificate at all,
/// for the join token) would present an old or expired certificate and be refused; a fresh connection presents the
/// current one. Renewals are rare (twice a day with 24 h leaves), so the extra handshake costs nothing.
/// </summary>
internal sealed class PolicyServerCa(PolicyServerClient client, Func<PolicyServerClient> createSigningClient) : IPolicyServerCa
{
    public Task<string> GetRootsPemAsync(CancellationToken cancellationToken) => client.GetRootsPemAsync(cancellationToken);

    public async IAsyncEnumerable<string> WatchRootsPemAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var roots in client.WatchRootsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            // Roots and, during a rotation, the cross-signed links, as one PEM the TrustBundle reader sorts out.
            yield return string.Concat(roots.Roots.SelectMany(r => r.CrossSignedPem is null ? new[] { r.Pem } : [r.Pem, r.CrossSignedPem]).Select(p => p.TrimEnd() + "\n"));
        }
    }

    public async Task<SignResponse> SignAsync(SignRequest request, string? joinToken, CancellationToken cancellationToken)
    {
        using var signing = createSigningClient();
        return await signing.SignAsync(request, joinToken, cancellationToken).ConfigureAwait(false);
    }
}
