using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Keys;
using VmMesh.Identity.Spiffe;
using VmMesh.Sidecar.Identity;
using VmMesh.Sidecar.Tests.Support;

namespace VmMesh.Sidecar.Tests.Identity;

/// <summary>caFingerprint pinning against a real HTTPS host that serves /v1/ca/roots?pem.</summary>
public sealed class PinnedTrustTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TestCa _ca = new();

    public void Dispose() => _ca.Dispose();

    [Fact]
    public async Task Fetch_PinnedRootVouchesForServer_ReturnsBundle()
    {
        await using var server = await RootsServer.StartAsync(Issue(SpiffeId.PolicyServer(_ca.Domain)), _ca.Bundle.ToPem());

        var trust = await PinnedTrust.FetchAsync(server.Address, CertificateFingerprint.Of(_ca.Root), _ca.Time, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(_ca.Bundle.RootIds.ToArray(), trust.Bundle.RootIds.ToArray());
    }

    [Fact]
    public async Task Fetch_FingerprintOfNoRoot_Refused()
    {
        await using var server = await RootsServer.StartAsync(Issue(SpiffeId.PolicyServer(_ca.Domain)), _ca.Bundle.ToPem());
        var other = "sha256:" + new string('0', 64);

        var error = await Assert.ThrowsAsync<IdentityUnavailableException>(() => PinnedTrust.FetchAsync(server.Address, other, _ca.Time, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal($"None of the roots from {server.Address} ({_ca.Bundle.RootIds[0]}) has policyServer.caFingerprint {other}; check the fingerprint with the operator, this may not be your policy server", error.Message);
    }

    [Fact]
    public async Task Fetch_ImpostorAddsPinnedRootButPresentsOwnLeaf_Refused()
    {
        // The impostor serves the real root next to its own, and a policy-server certificate from its own root.
        using var impostorCa = new TestCa(_ca.Time, seed: 77);
        var impostorLeaf = IssueFrom(impostorCa, SpiffeId.PolicyServer(_ca.Domain));
        await using var server = await RootsServer.StartAsync(impostorLeaf, _ca.Bundle.ToPem() + impostorCa.Bundle.ToPem());

        var error = await Assert.ThrowsAsync<IdentityUnavailableException>(() => PinnedTrust.FetchAsync(server.Address, CertificateFingerprint.Of(_ca.Root), _ca.Time, CancellationToken.None).WaitAsync(Timeout));

        Assert.StartsWith($"The server at {server.Address} is not vouched for by the pinned root: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_ServerWithServiceCertificate_Refused()
    {
        await using var server = await RootsServer.StartAsync(Issue(_ca.IdOf("web")), _ca.Bundle.ToPem());

        var error = await Assert.ThrowsAsync<IdentityUnavailableException>(() => PinnedTrust.FetchAsync(server.Address, CertificateFingerprint.Of(_ca.Root), _ca.Time, CancellationToken.None).WaitAsync(Timeout));

        Assert.Contains("but spiffe://mesh.test/vmmesh/policy-server was expected", error.Message, StringComparison.Ordinal);
    }

    private X509Certificate2 Issue(SpiffeId id) => IssueFrom(_ca, id);

    private static X509Certificate2 IssueFrom(TestCa ca, SpiffeId id)
    {
        using var key = MeshKey.Create();
        using var leaf = ca.Authority.Issue(new LeafRequest(SigningRequestBuilder.CreatePem(key, id), id));
        return CertificateCredential.Combine(leaf, key);
    }

    private sealed class RootsServer(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public static async Task<RootsServer> StartAsync(X509Certificate2 certificate, string rootsPem)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
            var app = builder.Build();
            app.MapGet("/v1/ca/roots", () => Results.Text(rootsPem, "application/x-pem-file"));
            await app.StartAsync().WaitAsync(Timeout);
            var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
            return new RootsServer(app, new Uri($"https://127.0.0.1:{bound.Port}/"));
        }

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
