using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using VmMesh.Consul;
using VmMesh.Consul.Health;
using VmMesh.Identity.Spiffe;

namespace VmMesh.Sidecar.Discovery;

/// <summary>
/// Follows <c>/v1/health/connect/&lt;service&gt;?passing</c> with the Consul client's blocking-query watch, one watch per
/// service asked for, until disposed. A watch that loses Consul keeps its last snapshot (fail static); the client's
/// watch retries with backoff on its own. Every answer is written to the <see cref="EndpointCache"/>; when Consul gives
/// no first answer in time, the cached snapshot serves until it does.
/// </summary>
internal sealed partial class ConsulEndpointSource(ConsulClient consul, EndpointCache? cache, ILogger<ConsulEndpointSource> logger) : IEndpointSource, IAsyncDisposable
{
    private static readonly TimeSpan FirstAnswerWait = TimeSpan.FromSeconds(5);
    private static readonly HealthQuery PassingOnly = new() { PassingOnly = true };

    private readonly ConcurrentDictionary<ServiceName, ServiceWatch> _watches = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    public async ValueTask<ServiceEndpoints?> GetAsync(ServiceName service, CancellationToken cancellationToken)
    {
        var watch = _watches.GetOrAdd(service, s => ServiceWatch.Start(s, consul, cache, logger, _stopping.Token));
        var latest = watch.Latest;
        if (latest is not null)
        {
            return latest;
        }

        ServiceEndpoints? first;
        try
        {
            first = await watch.FirstAnswer.WaitAsync(FirstAnswerWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            first = null;
        }

        return first ?? watch.UseCache(cache?.Load(service));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_watches.Values.Select(w => w.Completion)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    [LoggerMessage(300, LogLevel.Information, "Endpoints of {Service} changed at index {Index}: {Count} healthy")]
    private static partial void EndpointsChanged(ILogger logger, string service, ulong index, int count);

    [LoggerMessage(301, LogLevel.Warning, "Watch of {Service} endpoints stopped; keeping the last {Count} endpoints: {Reason}")]
    private static partial void WatchFailed(ILogger logger, string service, int count, string reason);

    [LoggerMessage(302, LogLevel.Warning, "Could not cache the endpoints of {Service}: {Reason}")]
    private static partial void CacheWriteFailed(ILogger logger, string service, string reason);

    private static void SaveCache(EndpointCache? cache, ServiceEndpoints endpoints, ILogger logger)
    {
        try
        {
            cache?.Save(endpoints);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            CacheWriteFailed(logger, endpoints.Service.Value, ex.Message);
        }
    }

    private sealed class ServiceWatch
    {
        private readonly TaskCompletionSource<ServiceEndpoints?> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private ServiceEndpoints? _latest;

        public ServiceEndpoints? Latest => Volatile.Read(ref _latest);

        public Task<ServiceEndpoints?> FirstAnswer => _first.Task;

        public Task Completion { get; private set; } = Task.CompletedTask;

        public static ServiceWatch Start(ServiceName service, ConsulClient consul, EndpointCache? cache, ILogger logger, CancellationToken stopping)
        {
            var watch = new ServiceWatch();
            watch.Completion = Task.Run(() => watch.RunAsync(service, consul, cache, logger, stopping), CancellationToken.None);
            return watch;
        }

        /// <summary>Serves <paramref name="cached"/> until Consul answers (the watch overwrites it then).</summary>
        public ServiceEndpoints? UseCache(ServiceEndpoints? cached)
        {
            if (cached is not null)
            {
                Interlocked.CompareExchange(ref _latest, cached, null);
            }

            return Latest;
        }

        private async Task RunAsync(ServiceName service, ConsulClient consul, EndpointCache? cache, ILogger logger, CancellationToken stopping)
        {
            try
            {
                await foreach (var result in consul.Health.WatchConnect(service.Value, PassingOnly, stopping).ConfigureAwait(false))
                {
                    var endpoints = new ServiceEndpoints(
                        service,
                        [.. result.Value.Select(e => new EndpointAddress(e.DialAddress, e.Service.Port)).Distinct()],
                        result.Meta.LastIndex.Value);
                    Volatile.Write(ref _latest, endpoints);
                    _first.TrySetResult(endpoints);
                    SaveCache(cache, endpoints, logger);
                    EndpointsChanged(logger, service.Value, endpoints.Index, endpoints.Endpoints.Length);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is HttpRequestException or ConsulException or IOException)
            {
                WatchFailed(logger, service.Value, Latest?.Endpoints.Length ?? 0, ex.Message);
            }
            finally
            {
                _first.TrySetResult(null);
            }
        }
    }
}
