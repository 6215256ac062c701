namespace VmMesh.Bench.Load;

/// <summary>One fixed load: wrk threads and connections, a warm-up whose figures are thrown away, then the measured run.</summary>
internal sealed record LoadProfile(int Threads, int Connections, TimeSpan Warmup, TimeSpan Duration)
{
    public string Name => $"-t{Threads} -c{Connections}";
}
