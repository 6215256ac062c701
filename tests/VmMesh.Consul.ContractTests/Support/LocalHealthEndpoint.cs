using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VmMesh.Consul.ContractTests.Support;

/// <summary>
/// A real HTTP listener on 127.0.0.1 for Consul HTTP checks to probe; the test flips the status code it answers
/// with to drive the check through passing / warning / critical.
/// </summary>
public sealed class LocalHealthEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile int _status = 200;
    private volatile string _body = "ok";

    private LocalHealthEndpoint(WebApplication app)
    {
        _app = app;
    }

    public Uri HealthUrl { get; private set; } = null!;

    public static async Task<LocalHealthEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var endpoint = new LocalHealthEndpoint(app);
        app.Run(async context =>
        {
            context.Response.StatusCode = endpoint._status;
            await context.Response.WriteAsync(endpoint._body);
        });
        await app.StartAsync().WaitAsync(ConsulHttp.CallTimeout);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint.HealthUrl = new Uri(address.TrimEnd('/') + "/health");
        return endpoint;
    }

    public void Answer(HttpStatusCode status, string body)
    {
        _body = body;
        _status = (int)status;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(ConsulHttp.CallTimeout);
        await _app.DisposeAsync();
    }
}
