namespace VmMesh.Bench.Memory;

/// <summary>
/// Samples the RSS of named processes every 100 ms while a load runs, keeping each one's peak, and the CPU time
/// they used over the window; also how many tasks were runnable machine-wide, which says how contended the run was
/// (on 2 cores, a mean far above 2 means every hand-off between threads waited for a CPU). Start it just before the
/// load and stop it right after.
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
    private long _runnableTotal;
    private int _runnableSamples;

    private UsageSampler(IReadOnlyList<(string Name, int Pid)> processes)
    {
        _processes = processes;
        _start = [.. processes.Select(p => ProcStatus.RssKib(p.Pid) ?? 0)];
        _peak = [.. _start];
        _cpuStart = [.. processes.Select(p => ProcStatus.CpuTime(p.Pid))];
        _loop = Task.Run(LoopAsync);
    }

    public static UsageSampler Start(IReadOnlyList<(string Name, int Pid)> processes) => new(processes);

    public async Task<(IReadOnlyList<ProcessUsage> Processes, double RunnableMean)> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Sample();
        IReadOnlyList<ProcessUsage> usage = [.. _processes.Select((p, i) => new ProcessUsage(p.Name, _start[i], _peak[i], _samples, ProcStatus.CpuTime(p.Pid) - _cpuStart[i]))];
        return (usage, _runnableSamples > 0 ? (double)_runnableTotal / _runnableSamples : double.NaN);
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
        if (ProcStatus.RunnableTasks() is { } runnable)
        {
            _runnableTotal += runnable;
            _runnableSamples++;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
