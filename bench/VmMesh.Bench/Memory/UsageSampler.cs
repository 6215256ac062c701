namespace VmMesh.Bench.Memory;

/// <summary>
/// Samples the RSS of named processes every 100 ms while a load runs, keeping each one's peak, and the CPU time
/// they used over the window. Start it just before the load and stop it right after.
/// </summary>
internal sealed class UsageSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly IReadOnlyList<(string Name, int Pid)> _processes;
    private readonly long[] _start;
    private readonly long[] _peak;
    private readonly TimeSpan[] _cpuStart;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _samples;

    private UsageSampler(IReadOnlyList<(string Name, int Pid)> processes)
    {
        _processes = processes;
        _start = [.. processes.Select(p => ProcStatus.RssKib(p.Pid) ?? 0)];
        _peak = [.. _start];
        _cpuStart = [.. processes.Select(p => ProcStatus.CpuTime(p.Pid))];
        _loop = Task.Run(LoopAsync);
    }

    public static UsageSampler Start(IReadOnlyList<(string Name, int Pid)> processes) => new(processes);

    public async Task<IReadOnlyList<ProcessUsage>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Sample();
        return [.. _processes.Select((p, i) => new ProcessUsage(p.Name, _start[i], _peak[i], _samples, ProcStatus.CpuTime(p.Pid) - _cpuStart[i]))];
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the caller takes one last sample.
        }
    }

    private void Sample()
    {
        for (var i = 0; i < _processes.Count; i++)
        {
            if (ProcStatus.RssKib(_processes[i].Pid) is { } rss && rss > _peak[i])
            {
                _peak[i] = rss;
            }
        }

        _samples++;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
