using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VmMesh.Consul.Watches;

namespace VmMesh.Consul;

/// <summary>
/// Settings of one <see cref="ConsulClient"/> (one per Consul base address). A class rather than a record so the
/// token never shows up in a generated <c>ToString()</c>.
/// </summary>
public sealed class ConsulClientOptions
{
    /// <summary>Base address of the agent's HTTP API.</summary>
    public Uri Address { get; init; } = new("http://127.0.0.1:8500/");

    /// <summary>ACL token; sent only as the <c>X-Consul-Token</c> header, never in URLs or logs.</summary>
    public string? Token { get; init; }

    /// <summary>Datacenter sent as <c>?dc=</c> on every call that takes one; null uses the agent's.</summary>
    public string? Datacenter { get; init; }

    /// <summary>Per-request timeout of non-blocking calls (each attempt; HttpClient.Timeout stays infinite).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Added to wait + wait/16 (the server's jitter) for the timeout of blocking reads.</summary>
    public TimeSpan BlockingTimeoutMargin { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait sent with blocking reads that name none (Consul's own default: 5 min).</summary>
    public TimeSpan DefaultWait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries of reads and idempotent writes after a transient failure (0 disables).</summary>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>First retry delay; later ones grow exponentially with jitter up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Defaults for watches created from this client.</summary>
    public WatchOptions Watch { get; init; } = new();

    /// <summary>Clock for timeouts, backoff, watches and lock renewal.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Source of jitter; pass a seeded instance for reproducible tests.</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>Handler to send requests with (tests); null uses a pooled SocketsHttpHandler with decompression.</summary>
    public HttpMessageHandler? HttpMessageHandler { get; init; }

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}
