using VmMesh.PolicyServer.Client;
using VmMesh.PolicyServer.Client.Ca;

namespace VmMesh.Sidecar.Identity;

/// <summary>The production <see cref="IPolicyServerCa"/>: the typed policy-server client, presenting the current certificate.</summary>
internal sealed class PolicyServerCa(PolicyServerClient client) : IPolicyServerCa
{
    public Task<string> GetRootsPemAsync(CancellationToken cancellationToken) => client.GetRootsPemAsync(cancellationToken);

    public Task<SignResponse> SignAsync(SignRequest request, string? joinToken, CancellationToken cancellationToken) =>
        client.SignAsync(request, joinToken, cancellationToken);
}
