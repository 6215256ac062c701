namespace VmMesh.PolicyServer.Hosting;

/// <summary>
/// What the host takes from outside: the clock and random source of the CA, tokens, renewal and limiter logic
/// (Consul I/O timing uses the system clock), where to print the one-time lines, and a log sink override for tests.
/// </summary>
/// <param name="Random">Must be thread-safe: <c>CryptoRandom.Instance</c> in production.</param>
internal sealed record HostDependencies(TimeProvider TimeProvider, Random Random, TextWriter Output)
{
    /// <summary>Minimum log level; tests raise it to keep their output readable.</summary>
    public Serilog.Events.LogEventLevel MinimumLogLevel { get; init; } = Serilog.Events.LogEventLevel.Information;
}
