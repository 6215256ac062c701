using VmMesh.PolicyServer.Client;
using VmMesh.PolicyServer.Client.Ca;

namespace VmMesh.Sidecar.Identity;

/// <summary>The production <see cref="IPolicyServerCa"/>: the typed policy-server client, presenting the current certificate.</summary>
internal sealed class PolicyServerCa(PolicyServerClient client) : IPolicyServerCa
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

    public Task<SignResponse> SignAsync(SignRequest request, string? joinToken, CancellationToken cancellationToken) =>
        client.SignAsync(request, joinToken, cancellationToken);
}
