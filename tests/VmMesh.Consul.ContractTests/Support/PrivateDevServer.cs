using VmMesh.Consul.ContractTests.Fixtures;
using VmMesh.Consul.Dev;

namespace VmMesh.Consul.ContractTests.Support;

/// <summary>
/// A dev server of a test's own (e.g. token-protected, or guaranteed empty), for behaviour that cannot be arranged on
/// the shared instance. Only used when no real Consul is targeted.
/// </summary>
public sealed class PrivateDevServer : IAsyncDisposable
{
    private readonly DevConsulServer _server;

    private PrivateDevServer(DevConsulServer server)
    {
        _server = server;
    }

    public Uri Address => new(_server.Address.ToString().TrimEnd('/') + "/");

    public static async Task<PrivateDevServer> StartAsync(DevConsulOptions? options = null) =>
        new(await DevConsulServer.StartAsync(options ?? ConsulFixture.DevOptions).WaitAsync(ConsulHttp.CallTimeout));

    /// <summary>A raw client for this server; sends <paramref name="token"/> as X-Consul-Token when given.</summary>
    public HttpClient CreateHttpClient(string? token = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Add("X-Consul-Token", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync().AsTask().WaitAsync(ConsulHttp.CallTimeout);
}
