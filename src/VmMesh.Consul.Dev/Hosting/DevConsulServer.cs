using Microsoft.Extensions.Logging;

namespace VmMesh.Consul.Dev;

/// <summary>The embedded, in-memory, Consul-compatible dev server, listening on a real socket.</summary>
public sealed class DevConsulServer : IAsyncDisposable
{
    private DevConsulServer()
    {
    }

    /// <summary>Base address, e.g. http://127.0.0.1:8500 (the real port when 0 was asked for).</summary>
    public Uri Address { get; private set; } = null!;

    public static Task<DevConsulServer> StartAsync(DevConsulOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    public Task StopAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
