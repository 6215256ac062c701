namespace VmMesh.Bench.Memory;

/// <summary>One process over one sampled window: RSS when it began, the highest RSS sampled, and CPU time used.</summary>
internal sealed record ProcessUsage(string Name, long StartRssKib, long PeakRssKib, int Samples, TimeSpan Cpu)
{
    public double StartRssMib => StartRssKib / 1024.0;

    public double PeakRssMib => PeakRssKib / 1024.0;
}
