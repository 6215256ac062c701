using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using VmMesh.Consul;
using VmMesh.Consul.Agent;
using VmMesh.Consul.Dev;
using VmMesh.Identity.Spiffe;
using VmMesh.Sidecar.Discovery;
using VmMesh.Sidecar.Tests.Support;

namespace VmMesh.Sidecar.Tests.Registration;

/// <summary>Discovery through the dev Consul, and the fail-static endpoint cache when Consul is gone.</summary>
public sealed class EndpointCacheTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Discovery_ConsulGoneAfterRestart_ServesCachedEndpoints()
    {
        var api = ServiceName.Parse("api");
        await using (var consul = await DevConsulServer.StartAsync(new DevConsulOptions { Port = 0, BlockingJitterFraction = 0 }).WaitAsync(Timeout))
        {
            using var client = new ConsulClient(new ConsulClientOptions { Address = consul.Address });
            await client.Agent.RegisterServiceAsync(new AgentServiceRegistration
            {
                Id = "api-1-sidecar-proxy",
                Name = "api-sidecar-proxy",
                Kind = "connect-proxy",
                Address = "10.0.0.7",
                Port = 15443,
                Proxy = new ServiceProxy { DestinationServiceName = "api", DestinationServiceId = "api-1" },
            }).WaitAsync(Timeout);
            await using var source = new ConsulEndpointSource(client, new EndpointCache(_data.Path), NullLogger<ConsulEndpointSource>.Instance);

            var live = await source.GetAsync(api, CancellationToken.None).AsTask().WaitAsync(Timeout);

            Assert.Equal([new EndpointAddress("10.0.0.7", 15443)], live!.Endpoints.ToArray());
        }

        using var deadClient = new ConsulClient(new ConsulClientOptions { Address = new Uri($"http://127.0.0.1:{FreePort()}"), MaxRetryAttempts = 0 });
        await using var restarted = new ConsulEndpointSource(deadClient, new EndpointCache(_data.Path), NullLogger<ConsulEndpointSource>.Instance);

        var cached = await restarted.GetAsync(api, CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.Equal([new EndpointAddress("10.0.0.7", 15443)], cached!.Endpoints.ToArray());
    }

    [Fact]
    public async Task Discovery_ConsulGoneAndNoCache_NoAnswer()
    {
        using var deadClient = new ConsulClient(new ConsulClientOptions { Address = new Uri($"http://127.0.0.1:{FreePort()}"), MaxRetryAttempts = 0 });
        await using var source = new ConsulEndpointSource(deadClient, new EndpointCache(_data.Path), NullLogger<ConsulEndpointSource>.Instance);

        Assert.Null(await source.GetAsync(ServiceName.Parse("api"), CancellationToken.None).AsTask().WaitAsync(Timeout));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
