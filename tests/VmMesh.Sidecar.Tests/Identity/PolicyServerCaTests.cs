using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Keys;
using VmMesh.Identity.Spiffe;
using VmMesh.PolicyServer.Client;
using VmMesh.PolicyServer.Client.Ca;
using VmMesh.PolicyServer.Client.Trust;
using VmMesh.Sidecar.Identity;
using VmMesh.Sidecar.Tests.Support;

namespace VmMesh.Sidecar.Tests.Identity;

/// <summary>
/// PolicyServerCa against a real HTTPS host that records the client certificate of each sign call: a renewal must
/// present the certificate current at that moment, not the one a pooled connection was opened with.
/// </summary>
public sealed class PolicyServerCaTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TestCa _ca = new();

    public void Dispose() => _ca.Dispose();

    [Fact]
    public async Task SignAsync_AfterTheCertificateWasRenewed_PresentsTheRenewedCertificate()
    {
        await using var server = await SignServer.StartAsync(IssuePolicyServer());
        using var first = _ca.IssueWithKey("web");
        using var renewed = _ca.IssueWithKey("web");
        var current = first;
        var options = new PolicyServerClientOptions
        {
            ServerAddress = server.Address,
            Trust = PolicyServerTrust.FromPem(_ca.Bundle.ToPem()),
            ClientCertificate = () => current,
            TimeProvider = _ca.Time,
        };
        using var shared = new PolicyServerClient(options);
        var ca = new PolicyServerCa(shared, () => new PolicyServerClient(options));

        await ca.SignAsync(new SignRequest("csr", "web"), null, CancellationToken.None).WaitAsync(Timeout);
        current = renewed;
        await ca.SignAsync(new SignRequest("csr", "web"), null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal([first.SerialNumber, renewed.SerialNumber], server.PresentedSerials);
    }

    [Fact]
    public async Task SignAsync_FirstWithJoinTokenThenRenewal_RenewalPresentsTheCertificate()
    {
        await using var server = await SignServer.StartAsync(IssuePolicyServer());
        using var issued = _ca.IssueWithKey("web");
        X509Certificate2? current = null;
        var options = new PolicyServerClientOptions
        {
            ServerAddress = server.Address,
            Trust = PolicyServerTrust.FromPem(_ca.Bundle.ToPem()),
            ClientCertificate = () => current,
            TimeProvider = _ca.Time,
        };
        using var shared = new PolicyServerClient(options);
        var ca = new PolicyServerCa(shared, () => new PolicyServerClient(options));

        await ca.SignAsync(new SignRequest("csr", "web"), "join-secret", CancellationToken.None).WaitAsync(Timeout);
        current = issued;
        await ca.SignAsync(new SignRequest("csr", "web"), null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal([SignServer.NoCertificate, issued.SerialNumber], server.PresentedSerials);
    }

    private X509Certificate2 IssuePolicyServer()
    {
        using var key = MeshKey.Create();
        var id = SpiffeId.PolicyServer(_ca.Domain);
        var request = new LeafRequest(SigningRequestBuilder.CreatePem(key, id), id)
        {
            IpAddresses = [IPAddress.Loopback],
        };
        using var leaf = _ca.Authority.Issue(request);
        return CertificateCredential.Combine(leaf, key);
    }

    /// <summary>POST /v1/ca/sign over HTTPS that asks for (but does not require) a client certificate and records its serial.</summary>
    private sealed class SignServer(WebApplication app, Uri address, ConcurrentQueue<string> presented) : IAsyncDisposable
    {
        public const string NoCertificate = "none";

        public Uri Address { get; } = address;

        public IReadOnlyList<string> PresentedSerials => [.. presented];

        public static async Task<SignServer> StartAsync(X509Certificate2 certificate)
        {
            var presented = new ConcurrentQueue<string>();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.AllowAnyClientCertificate();
            })));
            var app = builder.Build();
            app.MapPost("/v1/ca/sign", async (HttpContext context) =>
            {
                var client = context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted);
                presented.Enqueue(client?.SerialNumber ?? NoCertificate);
                return Results.Json(new
                {
                    spiffeId = "spiffe://mesh.test/ns/default/dc/dc1/svc/web",
                    certificatePem = "leaf",
                    chainPem = "chain",
                    notAfter = DateTimeOffset.UnixEpoch,
                    serviceName = "web",
                });
            });
            await app.StartAsync().WaitAsync(Timeout);
            var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
            return new SignServer(app, new Uri($"https://127.0.0.1:{bound.Port}/"), presented);
        }

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
