using VmMesh.PolicyServer.Client.Ca;

namespace VmMesh.Sidecar.Identity;

/// <summary>The two CA calls the sidecar makes; a seam so identity tests can sign with an in-memory CA.</summary>
internal interface IPolicyServerCa
{
    /// <summary>All current roots as PEM (<c>GET /v1/ca/roots?pem</c>).</summary>
    Task<string> GetRootsPemAsync(CancellationToken cancellationToken);

    /// <summary>The roots as PEM now and after every change (long-poll); ends with an exception when the server is lost.</summary>
    IAsyncEnumerable<string> WatchRootsPemAsync(CancellationToken cancellationToken);

    /// <summary>Signs a CSR with the join token, or, when it is null, over mTLS with the current certificate.</summary>
    Task<SignResponse> SignAsync(SignRequest request, string? joinToken, CancellationToken cancellationToken);
}
