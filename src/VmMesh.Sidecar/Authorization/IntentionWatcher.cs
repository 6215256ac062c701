using System.Text;
using Microsoft.Extensions.Logging;
using VmMesh.Consul;

namespace VmMesh.Sidecar.Authorization;

/// <summary>
/// Follows <c>vmmesh/intentions/shards/&lt;service&gt;</c> and <c>vmmesh/intentions/shards/_wildcard</c> in Consul KV with
/// blocking queries and offers every new value to <see cref="IntentionShards"/>. A deleted key changes nothing: only
/// a newer signed shard can.
/// </summary>
internal sealed partial class IntentionWatcher(ConsulClient consul, IntentionShards shards, ILogger<IntentionWatcher> logger)
{
    public const string Prefix = "vmmesh/intentions/shards/";

    public static string KeyOf(string destination) => Prefix + (destination == "*" ? "_wildcard" : destination);

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(shards.Destinations.Select(d => WatchAsync(d, cancellationToken)));

    private async Task WatchAsync(string destination, CancellationToken cancellationToken)
    {
        var key = KeyOf(destination);
        try
        {
            await foreach (var result in consul.KV.Watch(key, cancellationToken).ConfigureAwait(false))
            {
                if (result.Value?.Value is { Length: > 0 } bytes)
                {
                    shards.Offer(destination, Encoding.UTF8.GetString(bytes), $"Consul KV {key} (index {result.Value.ModifyIndex.Value})");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is HttpRequestException or ConsulException or IOException)
        {
            WatchStopped(logger, key, ex.Message);
        }
    }

    [LoggerMessage(503, LogLevel.Error, "Watch of {Key} stopped; intentions stay as held until restart: {Reason}")]
    private static partial void WatchStopped(ILogger logger, string key, string reason);
}
