using VmMesh.Consul.Dev;

namespace VmMesh.Consul.ContractTests.Fixtures;

/// <summary>
/// The Consul the contract suite talks to: a real agent when VMMESH_TEST_CONSUL_ADDR is set
/// (token from VMMESH_TEST_CONSUL_TOKEN), otherwise an in-process dev server on a real loopback socket.
/// Against a real Consul the suite assumes nothing dev-only: tests read <see cref="IsDevServer"/>
/// to pick durations that real Consul accepts (session TTL ≥ 10 s, reaper ≥ 1 min).
/// </summary>
public sealed class ConsulFixture : IAsyncLifetime
{
    public const string AddressVariable = "VMMESH_TEST_CONSUL_ADDR";
    public const string TokenVariable = "VMMESH_TEST_CONSUL_TOKEN";

    private DevConsulServer? _server;

    public Uri Address { get; private set; } = null!;

    public string? Token { get; private set; }

    public bool IsDevServer => _server is not null;

    /// <summary>Options of the in-process dev server: fast timers so the suite stays quick.</summary>
    public static DevConsulOptions DevOptions { get; } = new()
    {
        Port = 0,
        BlockingJitterFraction = 0,
        ReaperInterval = TimeSpan.FromMilliseconds(500),
        MinimumDeregisterCriticalServiceAfter = TimeSpan.FromSeconds(1),
        MinimumCheckInterval = TimeSpan.FromMilliseconds(100),
        MinimumSessionTtl = TimeSpan.FromSeconds(1),
    };

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(AddressVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            Address = new Uri(external.TrimEnd('/') + "/");
            Token = Environment.GetEnvironmentVariable(TokenVariable);
            return;
        }

        _server = await DevConsulServer.StartAsync(DevOptions).WaitAsync(TimeSpan.FromSeconds(30));
        Address = _server.Address;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A name no other test uses, so tests never see each other's keys or services.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>A raw HTTP client for wire-level assertions; sends the token when one is configured.</summary>
    public HttpClient CreateHttpClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (Token is not null)
        {
            client.DefaultRequestHeaders.Add("X-Consul-Token", Token);
        }

        return client;
    }
}
