using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace VmMesh.Consul.Dev.Tests.TestSupport;

/// <summary>A dev server on 127.0.0.1:0 driven by a fake clock, plus a raw HTTP client.</summary>
public sealed class DevServerHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private DevServerHarness(FakeTimeProvider time, DevConsulServer server, HttpClient client)
    {
        Time = time;
        Server = server;
        Client = client;
    }

    public FakeTimeProvider Time { get; }

    public DevConsulServer Server { get; }

    public HttpClient Client { get; }

    internal Hosting.DevConsulRuntime Runtime => Server.Runtime;

    public static async Task<DevServerHarness> StartAsync(Func<DevConsulOptions, DevConsulOptions>? configure = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new DevConsulOptions
        {
            Port = 0,
            NodeName = "node-a",
            BlockingJitterFraction = 0,
            ReaperInterval = TimeSpan.FromSeconds(30),
            MinimumDeregisterCriticalServiceAfter = TimeSpan.FromMinutes(1),
            MinimumCheckInterval = TimeSpan.FromSeconds(1),
            MinimumSessionTtl = TimeSpan.FromSeconds(10),
            TimeProvider = time,
            RandomSeed = 42,
        };
        options = configure?.Invoke(options) ?? options;
        var server = await DevConsulServer.StartAsync(options).WaitAsync(Timeout);
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        return new DevServerHarness(time, server, client);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
        }

        return await Client.SendAsync(request).WaitAsync(Timeout);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> PutAsync(string path, string? body = null) => SendAsync(HttpMethod.Put, path, body);

    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public async Task<(HttpStatusCode Status, string Body)> TextAsync(HttpMethod method, string path, string? body = null)
    {
        using var response = await SendAsync(method, path, body);
        return (response.StatusCode, await response.Content.ReadAsStringAsync().WaitAsync(Timeout));
    }

    public async Task<JsonElement> JsonAsync(string path)
    {
        using var response = await GetAsync(path);
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Timeout);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} → {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task RegisterAsync(string json, string query = "")
    {
        var (status, body) = await TextAsync(HttpMethod.Put, "v1/agent/service/register" + query, json);
        Assert.True(status == HttpStatusCode.OK, $"register → {(int)status} {body}");
    }

    /// <summary>Polls until <paramref name="condition"/> holds (no sleeping on a fixed delay).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Yield();
            await Task.Delay(20);
        }

        Assert.Fail("Timed out waiting for: " + what);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync().AsTask().WaitAsync(Timeout);
    }
}
