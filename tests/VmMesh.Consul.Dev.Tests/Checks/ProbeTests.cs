using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using VmMesh.Consul.Dev.Tests.TestSupport;

namespace VmMesh.Consul.Dev.Tests.Checks;

/// <summary>HTTP and TCP checks really run, against real loopback listeners.</summary>
public sealed class ProbeTests : IAsyncLifetime
{
    private DevServerHarness _h = null!;
    private WebApplication _app = null!;
    private string _appUrl = null!;
    private volatile int _status = 200;
    private volatile string? _userAgent;

    public async Task InitializeAsync()
    {
        _h = await DevServerHarness.StartAsync();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async ctx =>
        {
            _userAgent = ctx.Request.Headers.UserAgent.ToString();
            ctx.Response.StatusCode = _status;
            await ctx.Response.WriteAsync("ok");
        });
        await _app.StartAsync().WaitAsync(DevServerHarness.Timeout);
        _appUrl = _app.Urls.First().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        await _app.DisposeAsync();
    }

    private Task WaitForStatusAsync(string checkId, string status)
        => DevServerHarness.EventuallyAsync(() => Task.FromResult(_h.Runtime.Store.Check(checkId)?.Status == status), $"{checkId} {status}");

    [Fact]
    public async Task HttpCheck_2xx_PassingWithConsulOutput()
    {
        await _h.RegisterAsync($"{{\"ID\":\"web-1\",\"Name\":\"web\",\"Check\":{{\"CheckID\":\"h\",\"HTTP\":\"{_appUrl}/health\",\"Interval\":\"10s\"}}}}");

        await WaitForStatusAsync("h", "passing");

        Assert.Equal($"HTTP GET {_appUrl}/health: 200 OK Output: ok", _h.Runtime.Store.Check("h")!.Output);
        Assert.Equal("Consul Health Check", _userAgent);
    }

    [Fact]
    public async Task HttpCheck_429Warning_ThenCriticalOn500_OnEachInterval()
    {
        _status = 429;
        await _h.RegisterAsync($"{{\"ID\":\"web-1\",\"Name\":\"web\",\"Check\":{{\"CheckID\":\"h\",\"HTTP\":\"{_appUrl}/\",\"Interval\":\"10s\"}}}}");
        await WaitForStatusAsync("h", "warning");

        _status = 500;
        var runs = _h.Runtime.Checks.ProbeRuns;
        await DevServerHarness.EventuallyAsync(async () =>
        {
            _h.Time.Advance(TimeSpan.FromSeconds(10));
            await Task.Yield();
            return _h.Runtime.Store.Check("h")!.Status == "critical";
        }, "critical after next interval");
        Assert.True(_h.Runtime.Checks.ProbeRuns > runs);
    }

    [Fact]
    public async Task TcpCheck_Listening_Passing_Refused_Critical()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await _h.RegisterAsync($"{{\"ID\":\"db-1\",\"Name\":\"db\",\"Check\":{{\"CheckID\":\"t\",\"TCP\":\"127.0.0.1:{port}\",\"Interval\":\"5s\"}}}}");

        await WaitForStatusAsync("t", "passing");
        Assert.Equal($"TCP connect 127.0.0.1:{port}: Success", _h.Runtime.Store.Check("t")!.Output);

        listener.Stop();
        await DevServerHarness.EventuallyAsync(async () =>
        {
            _h.Time.Advance(TimeSpan.FromSeconds(5));
            await Task.Yield();
            return _h.Runtime.Store.Check("t")!.Status == "critical";
        }, "critical after the listener stopped");
    }

    [Fact]
    public async Task AliasCheck_FollowsParentHealth()
    {
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":8080,\"Check\":{\"CheckID\":\"hb\",\"TTL\":\"30s\",\"Status\":\"passing\"},\"Connect\":{\"SidecarService\":{}}}");
        Assert.Equal("passing", _h.Runtime.Store.Check("service:web-1-sidecar-proxy:2")!.Status);

        await _h.PutAsync("v1/agent/check/fail/hb?note=down");

        var alias = _h.Runtime.Store.Check("service:web-1-sidecar-proxy:2")!;
        Assert.Equal("critical", alias.Status);
        Assert.Equal("Aliased check \"Service 'web' check\" failing: down", alias.Output);
    }

    [Fact]
    public async Task Reaper_DeregistersServiceCriticalTooLong()
    {
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Check\":{\"CheckID\":\"hb\",\"TTL\":\"30s\",\"DeregisterCriticalServiceAfter\":\"10s\"}}");
        _h.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.NotNull(_h.Runtime.Store.AgentService("web-1"));

        _h.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Null(_h.Runtime.Store.AgentService("web-1"));
        Assert.Null(_h.Runtime.Store.Check("hb"));
    }

    [Fact]
    public async Task Reaper_KeepsPassingService()
    {
        await _h.RegisterAsync("{\"ID\":\"web-1\",\"Name\":\"web\",\"Check\":{\"CheckID\":\"hb\",\"TTL\":\"10m\",\"Status\":\"passing\",\"DeregisterCriticalServiceAfter\":\"1m\"}}");

        _h.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.NotNull(_h.Runtime.Store.AgentService("web-1"));
    }
}
