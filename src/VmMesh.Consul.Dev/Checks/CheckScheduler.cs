// Runs the checks that need a clock: HTTP and TCP probes every Interval (never below the
// configured minimum; first run right away) and TTL timers that turn a check critical with
// "TTL expired". Sync() reconciles the running set with the store after every agent write;
// all waiting goes through the injected TimeProvider so tests drive it with a fake clock.
using Microsoft.Extensions.Logging;
using VmMesh.Consul.Dev.Hosting;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Checks;

internal sealed class CheckScheduler : IAsyncDisposable
{
    private readonly StateStore _store;
    private readonly DevConsulOptions _options;
    private readonly ILogger _logger;
    private readonly HttpCheckProbe _http;
    private readonly TcpCheckProbe _tcp;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CheckRunner> _runners = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public CheckScheduler(StateStore store, DevConsulOptions options, ILogger logger)
    {
        _store = store;
        _options = options;
        _logger = logger;
        _http = new HttpCheckProbe(options.TimeProvider);
        _tcp = new TcpCheckProbe(options.TimeProvider);
    }

    /// <summary>Number of probe runs completed (for tests: wait for a run without sleeping).</summary>
    public long ProbeRuns => Interlocked.Read(ref _probeRuns);

    private long _probeRuns;

    /// <summary>Starts runners for new checks, restarts changed ones, stops removed ones.</summary>
    public void Sync()
    {
        List<CheckRunner> stopped = [];
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            // Read the checks under our lock, so two concurrent syncs cannot act on stale snapshots.
            var wanted = _store.AgentChecks().Where(c => c.Spec?.Type is "http" or "tcp" or "ttl").ToDictionary(c => c.CheckId, StringComparer.Ordinal);

            foreach (var (id, runner) in _runners.ToList())
            {
                if (!wanted.TryGetValue(id, out var check) || check.Spec!.Describe() != runner.Definition)
                {
                    _runners.Remove(id);
                    stopped.Add(runner);
                }
            }

            foreach (var (id, check) in wanted)
            {
                if (!_runners.ContainsKey(id))
                {
                    _runners[id] = Start(check);
                }
            }
        }

        foreach (var runner in stopped)
        {
            runner.Stop();
        }
    }

    /// <summary>A TTL update: the check now expires TTL after this moment.</summary>
    public void ResetTtl(string checkId)
    {
        lock (_gate)
        {
            if (_runners.TryGetValue(checkId, out var runner))
            {
                runner.Timer?.Change(runner.Ttl, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<CheckRunner> runners;
        lock (_gate)
        {
            _stopping.Cancel();
            runners = [.. _runners.Values];
            _runners.Clear();
        }

        foreach (var runner in runners)
        {
            runner.Stop();
        }

        await Task.WhenAll(runners.Select(r => r.Loop ?? Task.CompletedTask)).ConfigureAwait(false);
        _http.Dispose();
        _stopping.Dispose();
    }

    private CheckRunner Start(CheckRecord check)
    {
        var spec = check.Spec!;
        var time = _options.TimeProvider;
        if (spec.Type == "ttl")
        {
            var id = check.CheckId;
            var timer = time.CreateTimer(_ => OnTtlExpired(id), null, spec.Ttl, Timeout.InfiniteTimeSpan);
            return new CheckRunner(spec.Describe(), spec.Ttl, timer, null, null);
        }

        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var loop = Task.Run(() => ProbeLoopAsync(check.CheckId, spec, cancel.Token));
        return new CheckRunner(spec.Describe(), TimeSpan.Zero, null, cancel, loop);
    }

    private void OnTtlExpired(string checkId)
    {
        DevConsulLog.TtlExpired(_logger, checkId);
        _store.ExpireTtl(checkId);
    }

    private async Task ProbeLoopAsync(string checkId, CheckSpec spec, CancellationToken cancellationToken)
    {
        var interval = spec.Interval < _options.MinimumCheckInterval ? _options.MinimumCheckInterval : spec.Interval;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = spec.Type == "http"
                    ? await _http.RunAsync(spec, cancellationToken).ConfigureAwait(false)
                    : await _tcp.RunAsync(spec, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                _store.SetCheckResult(checkId, result.Status, result.Output);
                Interlocked.Increment(ref _probeRuns);
                DevConsulLog.CheckResult(_logger, checkId, result.Status);
                await Task.Delay(interval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            DevConsulLog.BackgroundFailed(_logger, "check " + checkId, ex);
        }
    }
}
