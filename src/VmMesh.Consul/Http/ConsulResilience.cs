using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace VmMesh.Consul.Http;

/// <summary>
/// The retry pipeline for reads and idempotent writes: bounded attempts, exponential backoff with jitter from the
/// injected random source, delays on the injected clock. Non-idempotent writes never pass through it.
/// </summary>
internal static class ConsulResilience
{
    public static ResiliencePipeline<ConsulResponse> Build(ConsulClientOptions options, ConsulRandom random, ILogger logger)
    {
        if (options.MaxRetryAttempts <= 0)
        {
            return ResiliencePipeline<ConsulResponse>.Empty;
        }

        var builder = new ResiliencePipelineBuilder<ConsulResponse> { TimeProvider = options.TimeProvider };
        builder.AddRetry(new RetryStrategyOptions<ConsulResponse>
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.RetryMaxDelay,
            Randomizer = random.NextDouble,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
            {
                { Exception: { } exception } => TransientFailures.IsTransient(exception),
                { Result: { } response } => TransientFailures.IsTransient(response),
                _ => false,
            }),
            OnRetry = args =>
            {
                var reason = args.Outcome.Exception?.GetType().Name ?? ((int?)args.Outcome.Result?.StatusCode)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
                ConsulClientLog.Retrying(logger, args.AttemptNumber + 1, args.RetryDelay, reason);
                return ValueTask.CompletedTask;
            },
        });
        return builder.Build();
    }
}
