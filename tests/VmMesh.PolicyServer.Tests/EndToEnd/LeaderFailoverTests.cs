using VmMesh.Testing;
using Eventually = VmMesh.PolicyServer.Tests.Support.Eventually;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using VmMesh.Consul.Dev;
using VmMesh.Identity.Authority;
using VmMesh.PolicyServer.Leadership;
using VmMesh.PolicyServer.Tests.Support;
using Xunit.Abstractions;

namespace VmMesh.PolicyServer.Tests.EndToEnd;

/// <summary>
/// Two real vmmesh-policy-server processes against one dev Consul with a 2 s session TTL and 1 s lock delay:
/// SIGKILL the leader; the survivor leads within the stated bound (2 × 2 s + 1 s + 1 s retry = 6 s; plus an
/// allowance for process scheduling on a loaded CI machine), and signing against it never fails meanwhile.
/// </summary>
public sealed partial class LeaderFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan SchedulingAllowance = TimeSpan.FromSeconds(10);

    private readonly string _root = Directory.CreateTempSubdirectory("vmmesh-ps-e2e-").FullName;
    private readonly List<ChildProcess> _processes = [];
    private DevConsulServer? _consul;

    public async Task InitializeAsync() =>
        _consul = await DevConsulServer.StartAsync(new DevConsulOptions { Port = 0, BlockingJitterFraction = 0, MinimumSessionTtl = TimeSpan.FromSeconds(1) });

    [Fact]
    public async Task KillLeader_SurvivorLeadsWithinBound_AndSigningNeverFails()
    {
        var kek = Path.Combine(_root, "kek");
        await File.WriteAllBytesAsync(kek, RandomNumberGenerator.GetBytes(32));
        File.SetUnixFileMode(kek, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var adminToken = "adm_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var first = await StartReplicaAsync("a", kek, adminToken);
        var second = await StartReplicaAsync("b", kek, adminToken);
        var bundle = TrustBundle.FromPem(ServerFixture.TrustDomain, await File.ReadAllTextAsync(Path.Combine(_root, "a", "ca.pem")));
        using var clientA = new ApiClient(first.Address, () => bundle, TimeProvider.System);
        using var clientB = new ApiClient(second.Address, () => bundle, TimeProvider.System);

        var leaderIsA = await Eventually.GetAsync(async () =>
        {
            var a = (await clientA.GetAsync("/v1/health")).Json.GetProperty("leader").GetBoolean();
            var b = (await clientB.GetAsync("/v1/health")).Json.GetProperty("leader").GetBoolean();
            return a ^ b ? (object)a : null;
        }, TimeSpan.FromSeconds(60), "exactly one leader") is true;
        var (leader, survivor) = leaderIsA ? (first, second) : (second, first);
        using var survivorClient = leaderIsA ? clientB : clientA;
        var created = await survivorClient.SendAsync(HttpMethod.Post, "/v1/tokens", """{"services":["web"],"maxUses":1000}""", adminToken);
        Assert.Equal(201, created.Status);
        var joinToken = created.Json.GetProperty("token").GetString()!;

        using var stopSigning = new CancellationTokenSource();
        var signing = SignContinuouslyAsync(survivorClient, joinToken, stopSigning.Token);
        await Eventually.TrueAsync(async () => signing.Count > 0, TimeSpan.FromSeconds(30), "a first signature");

        var killedAt = DateTime.UtcNow;
        await leader.Process.SignalAsync("KILL");
        await Eventually.TrueAsync(async () => (await survivorClient.GetAsync("/v1/health")).Json.GetProperty("leader").GetBoolean(), TimeSpan.FromSeconds(120), "the survivor leading");
        var takeover = DateTime.UtcNow - killedAt;
        var signedAtTakeover = signing.Count;
        await Eventually.TrueAsync(async () => signing.Count >= signedAtTakeover + 3, TimeSpan.FromSeconds(30), "signatures after the takeover");
        await stopSigning.CancelAsync();
        var failures = await signing.Completion.WaitAsync(TimeSpan.FromSeconds(60));

        var bound = TimeSpan.FromSeconds((2 * 2) + 1) + LeaderService.RetryDelay;
        output.WriteLine($"takeover after {takeover.TotalSeconds:F1} s (stated bound {bound.TotalSeconds} s); {signing.Count} signatures during the test, {failures.Count} failed");
        Assert.Empty(failures);
        Assert.True(takeover <= bound + SchedulingAllowance, $"takeover took {takeover}, bound {bound} + allowance {SchedulingAllowance}");
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        if (_consul is not null)
        {
            await _consul.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }

        Directory.Delete(_root, recursive: true);
    }

    private static SigningLoop SignContinuouslyAsync(ApiClient client, string token, CancellationToken stop)
    {
        var loop = new SigningLoop();
        loop.Completion = Task.Run(async () =>
        {
            var failures = new List<string>();
            for (var i = 0; i < 2000 && !stop.IsCancellationRequested; i++)
            {
                using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var response = await client.SendAsync(HttpMethod.Post, "/v1/ca/sign", Csr.SignBody(Csr.For(key)), token);
                if (response.Status != 200)
                {
                    failures.Add(response.ToString());
                }

                Interlocked.Increment(ref loop.Signed);
            }

            return failures;
        });
        return loop;
    }

    private async Task<Replica> StartReplicaAsync(string name, string kek, string adminToken)
    {
        var dataDir = Path.Combine(_root, name);
        Directory.CreateDirectory(dataDir);
        var tokenPath = Path.Combine(dataDir, "admin-token");
        await File.WriteAllTextAsync(tokenPath, adminToken + "\n");
        File.SetUnixFileMode(tokenPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var process = ChildProcess.StartDotnet(
            RepoPaths.Executable("VmMesh.PolicyServer", "vmmesh-policy-server"),
            ["--consul", _consul!.Address.ToString(), "--kek-file", kek, "--data-dir", dataDir, "--listen", "https://127.0.0.1:0",
             "--advertise", "127.0.0.1", "--session-ttl", "2s", "--lock-delay", "1s"]);
        _processes.Add(process);
        var line = await process.WaitForOutputAsync("listening on https://", TimeSpan.FromSeconds(120));
        return new Replica(process, new Uri(ListeningAddress().Match(line).Value));
    }

    [GeneratedRegex(@"https://127\.0\.0\.1:\d+/")]
    private static partial Regex ListeningAddress();

    private sealed record Replica(ChildProcess Process, Uri Address);

    private sealed class SigningLoop
    {
        public int Signed;

        public int Count => Volatile.Read(ref Signed);

        public Task<List<string>> Completion { get; set; } = Task.FromResult(new List<string>());
    }
}
