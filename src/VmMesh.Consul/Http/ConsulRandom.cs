namespace VmMesh.Consul.Http;

/// <summary>
/// Thread-safe access to the injected (possibly seeded, hence not thread-safe) <see cref="Random"/> used for jitter.
/// </summary>
internal sealed class ConsulRandom(Random random)
{
    private readonly Lock _gate = new();

    public double NextDouble()
    {
        lock (_gate)
        {
            return random.NextDouble();
        }
    }
}
