using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using VmMesh.Consul.Dev;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Spiffe;
using VmMesh.PolicyServer.Ca;
using VmMesh.PolicyServer.Hosting;

namespace VmMesh.PolicyServer.Tests.Support;

/// <summary>
/// One in-process policy server on real HTTPS (Kestrel on 127.0.0.1:0) against an in-process dev Consul (port 0,
/// no jitter). The server's logic clock is a <see cref="FakeTimeProvider"/> started at the real time, so tests move
/// token and certificate time forward without sleeping; clients validate the server with the same clock.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    public static readonly TrustDomain TrustDomain = TrustDomain.Parse("vmmesh.local");

    private DevConsulServer? _consul;
    private PolicyServerHost? _host;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public string DataDir { get; } = Directory.CreateTempSubdirectory("vmmesh-ps-test-").FullName;

    internal PolicyServerHost Host => _host ?? throw new InvalidOperationException("fixture not started");

    public DevConsulServer Consul => _consul ?? throw new InvalidOperationException("fixture not started");

    public string AdminToken => Host.AdminToken;

    public Uri Address => Host.Address;

    public TrustBundle Bundle => Host.Parts.Cache.RequireCa().Bundle;

    internal virtual TimeSpan LeafTtl => TimeSpan.FromHours(24);

    internal virtual SigningLimits Signing => new();

    public async Task InitializeAsync()
    {
        _consul = await DevConsulServer.StartAsync(new DevConsulOptions { Port = 0, BlockingJitterFraction = 0, MinimumSessionTtl = TimeSpan.FromSeconds(1) });
        var kek = Path.Combine(DataDir, "kek");
        await File.WriteAllBytesAsync(kek, RandomNumberGenerator.GetBytes(32));
        File.SetUnixFileMode(kek, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var options = new PolicyServerOptions
        {
            Listen = new Uri("https://127.0.0.1:0"),
            DataDir = DataDir,
            Consul = _consul.Address,
            TrustDomain = TrustDomain,
            KekFile = kek,
            Advertise = ["localhost", "127.0.0.1"],
            LeafTtl = LeafTtl,
            SessionTtl = TimeSpan.FromSeconds(2),
            LockDelay = TimeSpan.FromSeconds(1),
            Signing = Signing,
            CompactLogs = false,
        };
        var dependencies = new HostDependencies(Time, Random.Shared, TextWriter.Null) { MinimumLogLevel = Serilog.Events.LogEventLevel.Warning };
        _host = await PolicyServerHost.StartAsync(options, dependencies, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }

        if (_consul is not null)
        {
            await _consul.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }

        Directory.Delete(DataDir, recursive: true);
    }

    /// <summary>A client that trusts only the mesh bundle and requires the policy server's SPIFFE ID.</summary>
    public ApiClient Client(System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate = null) =>
        new(Address, () => Bundle, Time, clientCertificate);

    /// <summary>Moves the server's clock and re-issues its own certificates if that made them due.</summary>
    public void Advance(TimeSpan by)
    {
        Time.Advance(by);
        Host.Parts.Credentials.EnsureIssued();
    }

    public async Task<string> CreateTokenAsync(string services, string ttl = "24h", int maxUses = 1)
    {
        using var client = Client();
        var response = await client.SendAsync(HttpMethod.Post, "/v1/tokens", $$"""{"services":[{{services}}],"ttl":"{{ttl}}","maxUses":{{maxUses}}}""", AdminToken);
        Assert.Equal(201, response.Status);
        return response.Json.GetProperty("token").GetString()!;
    }
}
