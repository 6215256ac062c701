using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using VmMesh.Consul;
using VmMesh.Consul.Dev;
using VmMesh.Identity.Spiffe;
using VmMesh.Policy.Model;
using VmMesh.Sidecar.Configuration;
using VmMesh.Sidecar.Discovery;
using VmMesh.Sidecar.Registration;
using VmMesh.Sidecar.Tests.Configuration;
using VmMesh.Sidecar.Tests.Support;

namespace VmMesh.Sidecar.Tests.Registration;

/// <summary>Registration against the dev Consul: the shape the UI needs, removal on shutdown, and discovery of it.</summary>
public sealed class ConsulRegistrationTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private DevConsulServer _consul = null!;
    private ConsulClient _client = null!;

    public async Task InitializeAsync()
    {
        _consul = await DevConsulServer.StartAsync(new DevConsulOptions { Port = 0, BlockingJitterFraction = 0 }).WaitAsync(Timeout);
        _client = new ConsulClient(new ConsulClientOptions { Address = _consul.Address });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _consul.DisposeAsync();
    }

    [Fact]
    public async Task Register_AppAndProxy_HaveTheShapeTheUiNeeds()
    {
        var options = LoadOptions();
        var registrations = RegistrationBuilder.Build(options, inboundPort: 15443);

        await new ConsulRegistrar(_client, NullLogger<ConsulRegistrar>.Instance).RegisterAsync(registrations, CancellationToken.None).WaitAsync(Timeout);

        var services = await _client.Agent.ServicesAsync().WaitAsync(Timeout);
        var app = services["web-1"];
        Assert.Equal(("web", 8080, "10.0.0.5"), (app.Service, app.Port, app.Address));
        Assert.True(string.IsNullOrEmpty(app.Kind), $"app Kind is '{app.Kind}'; a typical service has none");
        Assert.Equal(["blue"], app.Tags);
        Assert.Equal("v1", app.Meta["version"]);
        Assert.Equal(RegistrationBuilder.Version, app.Meta["vmmesh-version"]);

        var proxy = services["web-1-sidecar-proxy"];
        Assert.Equal(("web-sidecar-proxy", "connect-proxy", 15443, "10.0.0.5"), (proxy.Service, proxy.Kind, proxy.Port, proxy.Address));
        Assert.Equal(RegistrationBuilder.Version, proxy.Meta["vmmesh-version"]);
        Assert.Equal(("web", "web-1", 8080), (proxy.Proxy!.DestinationServiceName, proxy.Proxy.DestinationServiceId, proxy.Proxy.LocalServicePort));
        var upstream = Assert.Single(proxy.Proxy.Upstreams!);
        Assert.Equal(("api", "127.0.0.1", 9001), (upstream.DestinationName, upstream.LocalBindAddress, upstream.LocalBindPort));

        var checks = await _client.Agent.ChecksAsync().WaitAsync(Timeout);
        Assert.Equal(("web-1", "http"), (checks["web-1:app"].ServiceId, checks["web-1:app"].Type));
        Assert.Equal(("web-1-sidecar-proxy", "tcp"), (checks["web-1-sidecar-proxy:inbound"].ServiceId, checks["web-1-sidecar-proxy:inbound"].Type));
    }

    [Fact]
    public async Task Deregister_RemovesBoth()
    {
        var registrations = RegistrationBuilder.Build(LoadOptions(), inboundPort: 15443);
        var registrar = new ConsulRegistrar(_client, NullLogger<ConsulRegistrar>.Instance);
        await registrar.RegisterAsync(registrations, CancellationToken.None).WaitAsync(Timeout);

        await registrar.DeregisterAsync(registrations, CancellationToken.None).WaitAsync(Timeout);

        Assert.Empty(await _client.Agent.ServicesAsync().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Keeper_RegistrationLost_RegistersAgain()
    {
        var registrations = RegistrationBuilder.Build(LoadOptions(), inboundPort: 15443);
        var registrar = new ConsulRegistrar(_client, NullLogger<ConsulRegistrar>.Instance);
        await registrar.RegisterAsync(registrations, CancellationToken.None).WaitAsync(Timeout);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestCa.Start);
        using var stop = new CancellationTokenSource();
        var keeper = new RegistrationKeeper(_client, registrar, registrations, time, NullLogger<RegistrationKeeper>.Instance).RunAsync(stop.Token);

        await _client.Agent.DeregisterServiceAsync("web-1-sidecar-proxy").WaitAsync(Timeout);
        await Eventually.TrueAsync(
            () => _client.Agent.ServicesAsync().WaitAsync(Timeout).GetAwaiter().GetResult().ContainsKey("web-1-sidecar-proxy"),
            "the keeper registers the proxy again",
            time,
            RegistrationKeeper.Interval);

        await stop.CancelAsync();
        await keeper.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Discovery_RegisteredSidecar_CarriesTrafficFoundThroughConsul()
    {
        using var ca = new TestCa();
        await using var endpoints = new ConsulEndpointSource(_client, null, NullLogger<ConsulEndpointSource>.Instance);
        await using var api = await Support.Sidecar.StartAsync("api", ca, endpoints);
        await using var web = await Support.Sidecar.StartAsync("web", ca, endpoints);
        api.SetIntentions(("web", IntentionAction.Allow));
        var apiOptions = LoadOptions() with
        {
            Service = LoadOptions().Service with { Name = ServiceName.Parse("api"), Id = "api-1", Port = api.App.Port, Check = null },
            Inbound = new InboundOptions(api.Inbound.Port, IPAddress.Loopback, "127.0.0.1"),
        };
        await new ConsulRegistrar(_client, NullLogger<ConsulRegistrar>.Instance)
            .RegisterAsync(RegistrationBuilder.Build(apiOptions, api.Inbound.Port), CancellationToken.None).WaitAsync(Timeout);
        using var client = web.ProxyClient();

        // The TCP check passes once the agent has probed the inbound listener; until then the proxy is not listed.
        string? body = null;
        await Eventually.TrueAsync(
            () =>
            {
                using var response = client.GetAsync("http://api/x").WaitAsync(Timeout).GetAwaiter().GetResult();
                body = response.IsSuccessStatusCode ? response.Content.ReadAsStringAsync().GetAwaiter().GetResult() : null;
                return body is not null;
            },
            "api's sidecar is passing in Consul and answers");

        Assert.Equal("api GET /x identity=spiffe://mesh.test/ns/default/dc/dc1/svc/web", body);
    }

    private static SidecarOptions LoadOptions()
    {
        using var config = new ConfigFixture();
        var result = config.Load();
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Options;
    }
}
