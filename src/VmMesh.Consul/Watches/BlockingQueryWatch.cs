using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VmMesh.Consul.Http;

namespace VmMesh.Consul.Watches;

/// <summary>
/// The blocking-query loop of §2.3 as an async stream. Data flow per round: wait for a rate-limiter token → call the
/// query with the held index (0 first: non-blocking) → on error back off (exponential, jittered, capped) keeping the
/// index → otherwise move the index (back to 0 if it went backwards, at least 1 otherwise) → deliver the payload only
/// if it differs from the last delivered one. All waiting happens on the injected clock; cancellation ends the stream
/// without an exception.
/// </summary>
public sealed class BlockingQueryWatch<T>
{
    private readonly Func<QueryOptions, CancellationToken, Task<QueryResult<T>>> _query;
    private readonly IEqualityComparer<T> _comparer;
    private readonly WatchOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ConsulRandom _random;
    private readonly ILogger _logger;
    private readonly WatchMode _mode;
    private readonly QueryOptions _baseOptions;
    private readonly string _name;

    /// <summary>Creates a watch over any index-blockable read.</summary>
    /// <param name="query">The read; it receives <see cref="QueryOptions"/> with <c>Index</c> and <c>Wait</c> set.</param>
    /// <param name="comparer">Decides whether a payload changed; the default compares with <see cref="EqualityComparer{T}.Default"/>.</param>
    public BlockingQueryWatch(
        Func<QueryOptions, CancellationToken, Task<QueryResult<T>>> query,
        IEqualityComparer<T>? comparer = null,
        WatchOptions? options = null,
        TimeProvider? timeProvider = null,
        Random? random = null,
        ILogger? logger = null)
        : this(query, comparer ?? EqualityComparer<T>.Default, options ?? new WatchOptions(), timeProvider ?? TimeProvider.System,
            new ConsulRandom(random ?? Random.Shared), logger ?? NullLogger.Instance, WatchMode.Index, QueryOptions.Default, typeof(T).Name)
    {
    }

    internal BlockingQueryWatch(
        Func<QueryOptions, CancellationToken, Task<QueryResult<T>>> query,
        IEqualityComparer<T> comparer,
        WatchOptions options,
        TimeProvider timeProvider,
        ConsulRandom random,
        ILogger logger,
        WatchMode mode,
        QueryOptions baseOptions,
        string name)
    {
        ArgumentNullException.ThrowIfNull(query);
        _query = query;
        _comparer = comparer;
        _options = options;
        _timeProvider = timeProvider;
        _random = random;
        _logger = logger;
        _mode = mode;
        _baseOptions = baseOptions;
        _name = name;
        Delay = (delay, token) => Task.Delay(delay, _timeProvider, token);
    }

    /// <summary>How the loop waits; tests replace it to record delays.</summary>
    internal Func<TimeSpan, CancellationToken, Task> Delay { get; set; }

    /// <summary>
    /// The index to hold after a response: 1 when the server reported none (0 or no header; never block on 0 again),
    /// 0 when it went backwards (restore, restart: re-read without blocking), otherwise the new one.
    /// </summary>
    internal static ConsulIndex NextIndex(ConsulIndex held, ConsulIndex received)
    {
        if (received.IsZero)
        {
            return new ConsulIndex(1);
        }

        return received < held ? ConsulIndex.Zero : received;
    }

    /// <summary>Runs the loop until <paramref name="cancellationToken"/> fires; each item is a changed payload.</summary>
    public async IAsyncEnumerable<QueryResult<T>> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var wait = RequestTimeouts.ClampWait(_options.Wait, _options.Wait);
        var bucket = new TokenBucket(_options.Burst, _options.MinimumInterval, _timeProvider);
        var backoff = new WatchBackoff(_options.ErrorBackoffBase, _options.ErrorBackoffMax, _random);
        var index = ConsulIndex.Zero;
        string? hash = null;
        var delivered = false;
        T last = default!;
        var failures = 0;

        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await WaitForTokenAsync(bucket, cancellationToken))
            {
                yield break;
            }

            var options = _mode == WatchMode.Hash
                ? _baseOptions with { Hash = hash, Index = ConsulIndex.Zero, Wait = wait }
                : _baseOptions with { Index = index, Wait = wait };
            var (result, error) = await TryQueryAsync(options, cancellationToken);
            if (result is null)
            {
                if (error is null)
                {
                    yield break;
                }

                failures++;
                var delay = backoff.Delay(failures);
                WatchLog.Failed(_logger, error, _name, failures, delay);
                if (!await DelayAsync(delay, cancellationToken))
                {
                    yield break;
                }

                continue;
            }

            if (failures > 0)
            {
                WatchLog.Recovered(_logger, _name, failures);
                failures = 0;
            }

            if (_mode == WatchMode.Hash)
            {
                hash = result.Meta.ContentHash;
            }
            else
            {
                var next = NextIndex(index, result.Meta.LastIndex);
                if (next.IsZero)
                {
                    WatchLog.IndexReset(_logger, _name, index.Value, result.Meta.LastIndex.Value);
                }

                index = next;
            }

            if (!delivered || !_comparer.Equals(last, result.Value))
            {
                delivered = true;
                last = result.Value;
                yield return result;
            }
        }
    }

    private async Task<(QueryResult<T>? Result, Exception? Error)> TryQueryAsync(QueryOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return (await _query(options, cancellationToken), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, null);
        }
        catch (ObjectDisposedException)
        {
            // The client was disposed under the watch: retrying cannot help, so end the stream with the error.
            throw;
        }
#pragma warning disable CA1031 // Any failure of one round is logged and retried with backoff; the watch must outlive it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (null, ex);
        }
    }

    private async Task<bool> WaitForTokenAsync(TokenBucket bucket, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = bucket.TryTake();
            if (wait == TimeSpan.Zero)
            {
                return true;
            }

            var jitter = _options.MinimumInterval * (_options.IntervalJitterFraction * _random.NextDouble());
            WatchLog.RateLimited(_logger, _name, wait + jitter);
            if (!await DelayAsync(wait + jitter, cancellationToken))
            {
                return false;
            }
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Delay(delay, cancellationToken);
            return !cancellationToken.IsCancellationRequested;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
