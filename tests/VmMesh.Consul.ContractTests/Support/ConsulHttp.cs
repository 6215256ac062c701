using System.Diagnostics;
using System.Net;
using System.Text;
using VmMesh.Consul.ContractTests.Fixtures;

namespace VmMesh.Consul.ContractTests.Support;

/// <summary>
/// Raw HTTP access to the Consul under test, with a timeout on every call (so a hang fails the test) and
/// per-test clean-up: services, key prefixes and sessions a test creates are removed when the test ends.
/// </summary>
public sealed class ConsulHttp : IAsyncDisposable
{
    /// <summary>Bound for every non-blocking call; generous because the machine is shared.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);

    private readonly List<string> _services = [];
    private readonly List<string> _keyPrefixes = [];
    private readonly List<string> _sessions = [];
    private readonly List<string> _checks = [];

    public ConsulHttp(ConsulFixture fixture)
        : this(fixture, fixture.CreateHttpClient())
    {
    }

    public ConsulHttp(ConsulFixture fixture, HttpClient client)
    {
        Fixture = fixture;
        Client = client;
    }

    public ConsulFixture Fixture { get; }

    public HttpClient Client { get; }

    public bool IsDevServer => Fixture.IsDevServer;

    public Task<ConsulReply> GetAsync(string path, TimeSpan? timeout = null) => SendAsync(HttpMethod.Get, path, null, timeout);

    public Task<ConsulReply> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public Task<ConsulReply> PutAsync(string path, string? body = null) =>
        SendAsync(HttpMethod.Put, path, body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"));

    public Task<ConsulReply> PutBytesAsync(string path, byte[] body) => SendAsync(HttpMethod.Put, path, new ByteArrayContent(body));

    public async Task<ConsulReply> SendAsync(HttpMethod method, string path, HttpContent? content, TimeSpan? timeout = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        return await SendAsync(request, timeout);
    }

    /// <summary>Sends a request whose path must reach the server byte for byte (no dot-segment or escape normalisation).</summary>
    public async Task<ConsulReply> SendVerbatimAsync(HttpMethod method, string pathAndQuery, HttpContent? content = null)
    {
        var uri = new Uri(Client.BaseAddress!.GetLeftPart(UriPartial.Authority) + "/" + pathAndQuery, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        return await SendAsync(request);
    }

    public async Task<ConsulReply> SendAsync(HttpRequestMessage request, TimeSpan? timeout = null)
    {
        var limit = timeout ?? CallTimeout;
        using var response = await Client.SendAsync(request).WaitAsync(limit);
        var body = await response.Content.ReadAsByteArrayAsync().WaitAsync(limit);
        return new ConsulReply(response.StatusCode, body, response.Headers, response.Content.Headers);
    }

    /// <summary>A blocking read: returns the reply and how long the server held it.</summary>
    public async Task<(ConsulReply Reply, TimeSpan Elapsed)> BlockAsync(string path, TimeSpan testTimeout)
    {
        var stopwatch = Stopwatch.StartNew();
        var reply = await GetAsync(path, testTimeout);
        return (reply, stopwatch.Elapsed);
    }

    /// <summary>Registers a service through the agent and asserts the contract's 200-with-empty-body answer.</summary>
    public async Task RegisterServiceAsync(string id, string json, string query = "")
    {
        TrackService(id);
        var reply = await PutAsync("v1/agent/service/register" + query, json);
        Assert.True(reply.Status == HttpStatusCode.OK, $"register {id}: {reply}");
        Assert.Equal(string.Empty, reply.Body);
    }

    /// <summary>Creates a session and returns its ID.</summary>
    public async Task<string> CreateSessionAsync(string? json = null)
    {
        var reply = await PutAsync("v1/session/create", json);
        Assert.True(reply.Status == HttpStatusCode.OK, $"session create: {reply}");
        var id = reply.Json.GetProperty("ID").GetString()!;
        TrackSession(id);
        return id;
    }

    /// <summary>Puts a KV value and asserts the JSON literal answer.</summary>
    public async Task<bool> PutKeyAsync(string key, string value, string query = "")
    {
        TrackKeyPrefix(key);
        var reply = await PutAsync($"v1/kv/{key}{query}", value);
        Assert.True(reply.Status == HttpStatusCode.OK, $"kv put {key}{query}: {reply}");
        return reply.Json.GetBoolean();
    }

    public void TrackService(string id) => _services.Add(id);

    public void TrackCheck(string id) => _checks.Add(id);

    public void TrackKeyPrefix(string prefix) => _keyPrefixes.Add(prefix);

    public void TrackSession(string id) => _sessions.Add(id);

    public async ValueTask DisposeAsync()
    {
        // Best effort: a failing clean-up must not hide the test's own result.
        foreach (var session in _sessions)
        {
            await IgnoreFailureAsync(() => PutAsync($"v1/session/destroy/{session}"));
        }

        foreach (var prefix in _keyPrefixes)
        {
            await IgnoreFailureAsync(() => DeleteAsync($"v1/kv/{prefix}?recurse"));
        }

        foreach (var check in _checks)
        {
            await IgnoreFailureAsync(() => PutAsync($"v1/agent/check/deregister/{Uri.EscapeDataString(check)}"));
        }

        foreach (var service in _services)
        {
            await IgnoreFailureAsync(() => PutAsync($"v1/agent/service/deregister/{service}"));
        }

        Client.Dispose();
    }

    private static async Task IgnoreFailureAsync(Func<Task<ConsulReply>> call)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException)
        {
            // The server may already be gone; nothing to clean.
        }
    }
}
