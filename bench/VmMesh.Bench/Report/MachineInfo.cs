namespace VmMesh.Bench.Report;

/// <summary>What the figures were measured on; the load averages say how busy the shared machine was.</summary>
internal sealed record MachineInfo(int Cores, string Kernel, string LoadAverageBefore, string LoadAverageAfter, string Wrk, string Nginx, string SidecarGc);
