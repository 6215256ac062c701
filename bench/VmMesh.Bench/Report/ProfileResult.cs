using VmMesh.Bench.Load;
using VmMesh.Bench.Memory;

namespace VmMesh.Bench.Report;

/// <summary>One load profile's two runs (direct call and through the sidecar pair) and the sidecars' usage during the mesh run.</summary>
/// <param name="BaselineRunnable">Mean runnable tasks machine-wide during the direct run (see <see cref="UsageSampler"/>).</param>
/// <param name="MeshRunnable">The same during the mesh run.</param>
internal sealed record ProfileResult(
    LoadProfile Profile,
    WrkResult Baseline,
    WrkResult Mesh,
    IReadOnlyList<ProcessUsage> Sidecars,
    double BaselineRunnable,
    double MeshRunnable)
{
    /// <summary>Mesh throughput as a fraction of the direct call's (1.0 = no cost).</summary>
    public double ThroughputRatio => Ratio(Mesh.RequestsPerSecond, Baseline.RequestsPerSecond);

    /// <summary>Mesh median latency as a multiple of the direct call's.</summary>
    public double P50Ratio => Ratio(Mesh.P50Ms, Baseline.P50Ms);

    public double P99Ratio => Ratio(Mesh.P99Ms, Baseline.P99Ms);

    /// <summary>A sidecar's CPU time per request of the mesh run: what one request costs it, whatever else the machine runs.</summary>
    public double CpuMicrosecondsPerRequest(ProcessUsage sidecar) =>
        Mesh.Requests > 0 ? sidecar.Cpu.TotalMicroseconds / Mesh.Requests : double.NaN;

    private static double Ratio(double mesh, double baseline) => baseline > 0 ? mesh / baseline : double.NaN;
}
