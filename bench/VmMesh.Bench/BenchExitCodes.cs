namespace VmMesh.Bench;

/// <summary>Exit codes of vmmesh-bench. Slow figures are never a failure: only a bench that could not run is.</summary>
internal static class BenchExitCodes
{
    public const int Measured = 0;
    public const int CouldNotRun = 1;
    public const int Usage = 2;
    public const int Interrupted = 130;
}
