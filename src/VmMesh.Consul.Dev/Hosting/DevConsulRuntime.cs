// Everything one dev server instance owns, wired once in DevConsulServer.StartAsync:
// options → store (+ watch hub) → blocking queries, check scheduler, session timers, reaper.
using Microsoft.Extensions.Logging;
using VmMesh.Consul.Dev.Blocking;
using VmMesh.Consul.Dev.Checks;
using VmMesh.Consul.Dev.Sessions;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Hosting;

internal sealed class DevConsulRuntime : IAsyncDisposable
{
    public const string ConsulVersion = "1.21.4";

    public DevConsulRuntime(DevConsulOptions options, ILogger logger)
    {
        Options = options;
        Logger = logger;
        Random = options.RandomSeed is { } seed ? new Random(seed) : new Random();
        Hub = new WatchHub();
        var nodeId = NewUuid(Random);
        var nodeName = string.IsNullOrWhiteSpace(options.NodeName) ? System.Net.Dns.GetHostName() : options.NodeName;
        Store = new StateStore(Hub, options.TimeProvider, nodeId, nodeName, options.NodeAddress, options.Datacenter, ConsulVersion, options.IdempotentWritesBumpIndex);
        Blocking = new BlockingQuery(Hub, options.TimeProvider, options.BlockingJitterFraction, Random);
        Checks = new CheckScheduler(Store, options, logger);
        Sessions = new SessionTimers(Store, options.TimeProvider, options.SessionTtlMultiplier, logger);
        Reaper = new CriticalServiceReaper(Store, Checks, options, logger);
    }

    public DevConsulOptions Options { get; }

    public ILogger Logger { get; }

    public Random Random { get; }

    public WatchHub Hub { get; }

    public StateStore Store { get; }

    public BlockingQuery Blocking { get; }

    public CheckScheduler Checks { get; }

    public SessionTimers Sessions { get; }

    public CriticalServiceReaper Reaper { get; }

    public string NewUuid()
    {
        lock (Random)
        {
            return NewUuid(Random);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Hub.Shutdown();
        await Reaper.DisposeAsync();
        await Checks.DisposeAsync();
        Sessions.Dispose();
    }

    private static string NewUuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
