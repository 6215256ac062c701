using Microsoft.Extensions.Logging.Abstractions;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Spiffe;
using VmMesh.Sidecar.Identity;
using VmMesh.Sidecar.Tests.Support;

namespace VmMesh.Sidecar.Tests.Identity;

public sealed class IdentityManagerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly TestCa _ca = new();
    private readonly TempDirectory _data = new();
    private readonly FakePolicyServerCa _server;
    private readonly string _joinTokenFile;

    public IdentityManagerTests()
    {
        _server = new FakePolicyServerCa(_ca);
        _joinTokenFile = _data.WriteFile("join-token", _server.JoinToken + "\n");
    }

    public void Dispose()
    {
        _data.Dispose();
        _ca.Dispose();
    }

    [Fact]
    public async Task Start_NoCache_GetsCertificateWithJoinToken()
    {
        var (manager, store) = Create();

        await manager.StartAsync(CancellationToken.None).WaitAsync(Timeout);

        var snapshot = store.Required;
        Assert.Equal("spiffe://mesh.test/ns/default/dc/dc1/svc/web", snapshot.Identity.ToString());
        Assert.Equal(1, snapshot.Revision);
        Assert.True(snapshot.Certificate.HasPrivateKey);
        Assert.Equal(TestCa.Start - TimeSpan.FromMinutes(1), snapshot.NotBefore);
        Assert.Equal(TestCa.Start + TimeSpan.FromHours(24), snapshot.NotAfter);
        Assert.InRange(snapshot.RenewAt, TestCa.Start + TimeSpan.FromHours(24 * 0.4), TestCa.Start + TimeSpan.FromHours(24 * 0.5));
        Assert.Equal(_ca.Bundle.RootIds.ToArray(), snapshot.Bundle.RootIds.ToArray());
        var call = Assert.Single(_server.Calls);
        Assert.Equal(("web", "join-secret"), (call.Service, call.JoinToken));
    }

    [Fact]
    public async Task Start_NoCache_WritesOwnerOnlyCache()
    {
        var (manager, _) = Create();

        await manager.StartAsync(CancellationToken.None).WaitAsync(Timeout);

        var cache = new IdentityCache(_data.Path);
        Assert.NotNull(cache.Load());
        Assert.False(File.Exists(cache.KeyPath + ".tmp"));
        if (!OperatingSystem.IsWindows())
        {
            const UnixFileMode ownerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            Assert.Equal(ownerReadWrite, File.GetUnixFileMode(cache.KeyPath));
            Assert.Equal(ownerReadWrite, File.GetUnixFileMode(cache.CertificatePath));
            Assert.Equal(ownerReadWrite, File.GetUnixFileMode(cache.BundlePath));
            Assert.Equal(ownerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cache.Directory));
        }
    }

    [Fact]
    public async Task Start_ValidCacheAndPolicyServerDown_ServesCachedCertificate()
    {
        var (first, firstStore) = Create();
        await first.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        _server.Down = true;
        _ca.Time.Advance(TimeSpan.FromHours(20));

        var (second, secondStore) = Create();
        await second.StartAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(firstStore.Required.Certificate.Thumbprint, secondStore.Required.Certificate.Thumbprint);
        Assert.True(secondStore.Required.Certificate.HasPrivateKey);
        Assert.Single(_server.Calls);
    }

    [Fact]
    public async Task Start_ExpiredCache_UsesJoinTokenAgain()
    {
        var (first, firstStore) = Create();
        await first.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        _ca.Time.Advance(TimeSpan.FromHours(24));

        var (second, secondStore) = Create();
        await second.StartAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.NotEqual(firstStore.Required.Certificate.Thumbprint, secondStore.Required.Certificate.Thumbprint);
        Assert.Equal(["join-secret", "join-secret"], _server.Calls.Select(c => c.JoinToken));
    }

    [Fact]
    public async Task Start_CacheWithMismatchedKey_IgnoredAndReplaced()
    {
        var (first, _) = Create();
        await first.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        var cache = new IdentityCache(_data.Path);
        var cached = cache.Load()!;
        using var otherKey = VmMesh.Identity.Keys.MeshKey.Create();
        cache.Save(new CachedIdentity(cached.CertificatePem, VmMesh.Identity.Keys.MeshKey.ExportPrivateKeyPem(otherKey), cached.BundlePem));

        var (second, secondStore) = Create();
        await second.StartAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(2, _server.Calls.Count);
        Assert.Equal(cache.Load()!.CertificatePem, secondStore.Required.Certificate.ExportCertificatePem());
    }

    [Fact]
    public async Task Start_NoCacheAndNoJoinTokenFile_FailsWithFix()
    {
        var (manager, store) = Create(joinTokenFile: null);

        var error = await Assert.ThrowsAsync<IdentityUnavailableException>(() => manager.StartAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal("No valid certificate for 'web' and policyServer.joinTokenFile is not set; create a join token for 'web' on the policy server and set policyServer.joinTokenFile to the file holding it", error.Message);
        Assert.Null(store.Current);
    }

    [Fact]
    public async Task Start_EmptyJoinTokenFile_FailsWithFix()
    {
        var path = _data.WriteFile("empty-token", "\n");
        var (manager, _) = Create(joinTokenFile: path);

        var error = await Assert.ThrowsAsync<IdentityUnavailableException>(() => manager.StartAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal($"No valid certificate for 'web' and the join token file {path} is empty; write a join token for 'web' there", error.Message);
    }

    [Fact]
    public async Task Start_CertificateForAnotherService_Refused()
    {
        _server.IssueFor = "api";
        var (manager, store) = Create();

        var error = await Assert.ThrowsAsync<IdentityUnavailableException>(() => manager.StartAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal("The policy server issued a certificate for spiffe://mesh.test/ns/default/dc/dc1/svc/api, but this sidecar is for service 'web'; use a join token created for 'web'", error.Message);
        Assert.Null(store.Current);
        Assert.Null(new IdentityCache(_data.Path).Load());
    }

    [Fact]
    public async Task Start_CertificateFromAnotherCa_Refused()
    {
        using var otherCa = new TestCa(_ca.Time, seed: 7);
        var (manager, _) = Create(server: new FakePolicyServerCa(otherCa), bundle: _ca.Bundle);

        var error = await Assert.ThrowsAsync<IdentityUnavailableException>(() => manager.StartAsync(CancellationToken.None).WaitAsync(Timeout));

        Assert.StartsWith("The certificate from the policy server is not valid here: certificate '", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not chain to a root in the trust bundle of 'mesh.test'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AtRenewalPoint_RenewsOverMtlsWithFreshKey()
    {
        var (manager, store) = Create();
        await manager.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        var first = store.Required;
        using var stop = new CancellationTokenSource();
        var loop = manager.RunAsync(stop.Token);

        _ca.Time.Advance(first.RenewAt - _ca.Time.GetUtcNow() - TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.Equal(1, store.Required.Revision);
        await Eventually.TrueAsync(() => store.Required.Revision == 2, "the renewed certificate is published", _ca.Time, TimeSpan.FromSeconds(1));

        var second = store.Required;
        Assert.Equal(first.Identity, second.Identity);
        Assert.True(second.NotAfter > first.NotAfter);
        Assert.Equal(["join-secret", null], _server.Calls.Select(c => c.JoinToken));
        Assert.NotEqual(_server.Calls[0].PublicKey, _server.Calls[1].PublicKey);
        Assert.Equal(second.Certificate.ExportCertificatePem(), new IdentityCache(_data.Path).Load()!.CertificatePem);
        await stop.CancelAsync();
        await loop.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Run_PolicyServerDown_KeepsCertificateAndRetriesUntilBack()
    {
        var (manager, store) = Create();
        await manager.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        var first = store.Required;
        _server.Down = true;
        using var stop = new CancellationTokenSource();
        var loop = manager.RunAsync(stop.Token);

        _ca.Time.Advance(first.RenewAt - _ca.Time.GetUtcNow());
        await Eventually.TrueAsync(() => _server.Calls.Count >= 4, "several failed renewal attempts", _ca.Time, TimeSpan.FromSeconds(1));
        Assert.Same(first, store.Required);

        _server.Down = false;
        await Eventually.TrueAsync(() => store.Required.Revision == 2, "renewal once the policy server is back", _ca.Time, TimeSpan.FromSeconds(10));
        Assert.All(_server.Calls.Skip(1), c => Assert.Null(c.JoinToken));
        await stop.CancelAsync();
        await loop.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Run_CertificateExpiredDuringOutage_FallsBackToJoinToken()
    {
        var (manager, store) = Create();
        await manager.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        var first = store.Required;
        _server.Down = true;
        using var stop = new CancellationTokenSource();
        var loop = manager.RunAsync(stop.Token);

        _ca.Time.Advance(first.NotAfter - _ca.Time.GetUtcNow());
        await Eventually.TrueAsync(() => _server.Calls.Count >= 2, "a failed renewal after expiry", _ca.Time, TimeSpan.FromSeconds(1));
        _server.Down = false;
        await Eventually.TrueAsync(() => store.Required.Revision == 2, "a new certificate with the join token", _ca.Time, TimeSpan.FromSeconds(10));

        Assert.Equal("join-secret", _server.Calls[^1].JoinToken);
        await stop.CancelAsync();
        await loop.WaitAsync(Timeout);
    }

    [Fact]
    public async Task UpdateBundle_RotationAddsRoot_PublishedWithSameCertificate()
    {
        var (manager, store) = Create();
        await manager.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        var before = store.Required;
        using var newRoot = RootCertificateFactory.Create(_ca.Domain, _ca.Time, new Random(9));
        var rotated = _ca.Bundle.WithRoot(newRoot, makeActive: true);

        Assert.True(manager.UpdateBundle(rotated.ToPem()));

        var after = store.Required;
        Assert.Same(before.Certificate, after.Certificate);
        Assert.Equal(before.Revision + 1, after.Revision);
        Assert.Equal(rotated.RootIds.Order().ToArray(), after.Bundle.RootIds.Order().ToArray());
        Assert.Equal(rotated.ToPem(), new IdentityCache(_data.Path).Load()!.BundlePem);
        Assert.False(manager.UpdateBundle(rotated.ToPem()));
    }

    [Fact]
    public async Task UpdateBundle_UnrelatedRoots_Ignored()
    {
        var (manager, store) = Create();
        await manager.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        var before = store.Required;
        using var otherCa = new TestCa(_ca.Time, seed: 8);

        Assert.False(manager.UpdateBundle(otherCa.Bundle.ToPem()));

        Assert.Same(before, store.Required);
    }

    [Fact]
    public async Task RunRootsWatch_NewRootsFromServer_Published()
    {
        var (manager, store) = Create();
        await manager.StartAsync(CancellationToken.None).WaitAsync(Timeout);
        using var stop = new CancellationTokenSource();
        var watch = manager.RunRootsWatchAsync(stop.Token);
        using var newRoot = RootCertificateFactory.Create(_ca.Domain, _ca.Time, new Random(9));

        await _server.Roots.Writer.WriteAsync(_ca.Bundle.WithRoot(newRoot, makeActive: true).ToPem());
        await Eventually.TrueAsync(() => store.Required.Bundle.Roots.Length == 2, "the rotated bundle is published");

        await stop.CancelAsync();
        await watch.WaitAsync(Timeout);
    }

    private (IdentityManager Manager, CertificateStore Store) Create(string? joinTokenFile = "default", FakePolicyServerCa? server = null, TrustBundle? bundle = null)
    {
        var store = new CertificateStore();
        var settings = new IdentitySettings(
            ServiceName.Parse("web"),
            "dc1",
            joinTokenFile == "default" ? _joinTokenFile : joinTokenFile,
            bundle ?? _ca.Bundle);
        var manager = new IdentityManager(settings, server ?? _server, store, new IdentityCache(_data.Path), _ca.Time, new Random(3), NullLogger<IdentityManager>.Instance);
        return (manager, store);
    }
}
