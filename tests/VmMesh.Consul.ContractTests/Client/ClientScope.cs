using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.Watches;

namespace VmMesh.Consul.ContractTests.Client;

/// <summary>
/// A typed <see cref="ConsulClient"/> on the fixture's Consul plus clean-up of what a test creates (services, key
/// prefixes, sessions). Durations follow the target: the dev server accepts short TTLs, real Consul needs ≥ 10 s.
/// </summary>
public sealed class ClientScope : IAsyncDisposable
{
    /// <summary>Bound for every await in these tests; generous because the machine is shared.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly List<string> _services = [];
    private readonly List<string> _prefixes = [];
    private readonly List<string> _sessions = [];

    public ClientScope(ConsulFixture fixture)
    {
        Fixture = fixture;
        Client = CreateClient();
    }

    public ConsulFixture Fixture { get; }

    public ConsulClient Client { get; }

    public TimeSpan SessionTtl => Fixture.IsDevServer ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(10);

    /// <summary>A second, independent client (e.g. for a competing leader candidate).</summary>
    public ConsulClient CreateClient() => new(new ConsulClientOptions
    {
        Address = Fixture.Address,
        Token = Fixture.Token,
        RequestTimeout = TimeSpan.FromSeconds(20),
        Watch = new WatchOptions { Wait = TimeSpan.FromSeconds(20), MinimumInterval = TimeSpan.FromMilliseconds(200) },
    });

    public string Service(string prefix)
    {
        var id = ConsulFixture.UniqueName(prefix);
        _services.Add(id);
        return id;
    }

    public string Prefix(string prefix)
    {
        var value = ConsulFixture.UniqueName(prefix) + "/";
        _prefixes.Add(value);
        return value;
    }

    public void TrackSession(string id) => _sessions.Add(id);

    public async ValueTask DisposeAsync()
    {
        using var cleanup = new CancellationTokenSource(Timeout);
        foreach (var service in _services)
        {
            await Client.Agent.DeregisterServiceAsync(service, cleanup.Token);
        }

        foreach (var prefix in _prefixes)
        {
            await Client.KV.DeleteTreeAsync(prefix, cleanup.Token);
        }

        foreach (var session in _sessions)
        {
            await Client.Sessions.DestroyAsync(session, cleanup.Token);
        }

        Client.Dispose();
    }
}
