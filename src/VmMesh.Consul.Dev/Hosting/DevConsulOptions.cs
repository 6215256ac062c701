namespace VmMesh.Consul.Dev;

/// <summary>Settings of the embedded dev Consul (contract §11).</summary>
public sealed record DevConsulOptions
{
    /// <summary>Address to bind; the dev server is for one machine, so loopback by default.</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (read it back from <see cref="DevConsulServer.Address"/>).</summary>
    public int Port { get; init; } = 8500;

    /// <summary>When set, every request must carry this token (X-Consul-Token or Authorization: Bearer); otherwise 403.</summary>
    public string? Token { get; init; }

    public string Datacenter { get; init; } = "dc1";

    /// <summary>Node name; defaults to the machine's host name.</summary>
    public string? NodeName { get; init; }

    /// <summary>Address of the synthetic node.</summary>
    public string NodeAddress { get; init; } = "127.0.0.1";

    /// <summary>Fraction of the wait added as random jitter to blocking queries (Consul: 1/16). 0 in tests.</summary>
    public double BlockingJitterFraction { get; init; } = 1.0 / 16;

    /// <summary>How often the DeregisterCriticalServiceAfter reaper runs (Consul: 30 s).</summary>
    public TimeSpan ReaperInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Smallest effective DeregisterCriticalServiceAfter (Consul: 1 min).</summary>
    public TimeSpan MinimumDeregisterCriticalServiceAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Smallest check interval (Consul: 1 s).</summary>
    public TimeSpan MinimumCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Session TTLs are enforced at TTL × this multiplier (Consul: 2).</summary>
    public double SessionTtlMultiplier { get; init; } = 2.0;

    /// <summary>Smallest session TTL accepted (Consul: 10 s).</summary>
    public TimeSpan MinimumSessionTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Version-drift toggle (contract §11.10): reject keys current Consul rejects (leading "/", "..", edge spaces).</summary>
    public bool ValidateKvKeys { get; init; } = true;

    /// <summary>Version-drift toggle: deregistering an unknown service ID is a 404 (modern Consul) rather than a silent 200.</summary>
    public bool DeregisterUnknownServiceIs404 { get; init; } = true;

    /// <summary>Version-drift toggle: identical KV writes and re-registrations bump indexes (older Consul) instead of being no-ops.</summary>
    public bool IdempotentWritesBumpIndex { get; init; }

    /// <summary>Seed for the random source (node ID, session IDs, jitter); null = unpredictable.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>Time source, injected so TTLs, lock-delays and the reaper can be tested without sleeping.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
