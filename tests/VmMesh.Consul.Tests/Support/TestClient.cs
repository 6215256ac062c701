using Microsoft.Extensions.Time.Testing;
using VmMesh.Consul.Watches;

namespace VmMesh.Consul.Tests.Support;

/// <summary>A client wired to a fake handler, a fake clock and a seeded random source; retries without delay.</summary>
public sealed class TestClient : IDisposable
{
    public TestClient(string? token = null, string? datacenter = null, int maxRetries = 3, WatchOptions? watch = null)
    {
        Client = new ConsulClient(new ConsulClientOptions
        {
            Address = new Uri("http://consul.test:8500"),
            Token = token,
            Datacenter = datacenter,
            HttpMessageHandler = Handler,
            TimeProvider = Time,
            Random = new Random(42),
            MaxRetryAttempts = maxRetries,
            RetryBaseDelay = TimeSpan.Zero,
            RetryMaxDelay = TimeSpan.Zero,
            Watch = watch ?? new WatchOptions(),
        });
    }

    public FakeConsulHandler Handler { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public ConsulClient Client { get; }

    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(10);

    public void Dispose()
    {
        Client.Dispose();
        Handler.Dispose();
    }
}
