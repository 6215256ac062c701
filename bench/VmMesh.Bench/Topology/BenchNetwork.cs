using System.Globalization;

namespace VmMesh.Bench.Topology;

/// <summary>
/// The bench's private network: a bridge <c>vmbb&lt;id&gt;</c> in the root namespace with 10.214.N.1/24 (where the
/// control plane listens), and namespaces <c>vmmbench-&lt;id&gt;-a</c> (client host) and <c>-b</c> (server host) on it
/// through veth pairs (.2 and .3). The names derive from the run id so that mesh-bench.ps1 can remove whatever a
/// crashed run left. Dispose kills every process still inside the namespaces, then deletes them and the bridge.
/// </summary>
internal sealed class BenchNetwork : IAsyncDisposable
{
    private readonly string _bridge;
    private readonly List<BenchHost> _hosts = [];

    private BenchNetwork(string runId, string subnet)
    {
        _bridge = "vmbb" + runId;
        RootAddress = subnet + ".1";
    }

    /// <summary>The root namespace's address on the bridge: every host reaches the control plane here.</summary>
    public string RootAddress { get; }

    public BenchHost Client => _hosts[0];

    public BenchHost Server => _hosts[1];

    public static string NamespacePrefix(string runId) => $"vmmbench-{runId}-";

    public static async Task<BenchNetwork> CreateAsync(string runId)
    {
        var subnet = await FreeSubnetAsync();
        var network = new BenchNetwork(runId, subnet);
        try
        {
            await IpCommand.MustAsync("link", "add", network._bridge, "type", "bridge");
            await IpCommand.MustAsync("addr", "add", $"{subnet}.1/24", "dev", network._bridge);
            await IpCommand.MustAsync("link", "set", network._bridge, "up");
            foreach (var (suffix, octet) in new[] { ("a", 2), ("b", 3) })
            {
                var ns = NamespacePrefix(runId) + suffix;
                var veth = $"vmbv{runId}{suffix}";
                var address = $"{subnet}.{octet.ToString(CultureInfo.InvariantCulture)}";
                await IpCommand.MustAsync("netns", "add", ns);
                network._hosts.Add(new BenchHost(ns, address));
                await IpCommand.MustAsync("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
                await IpCommand.MustAsync("link", "set", veth, "master", network._bridge, "up");
                await IpCommand.MustAsync("-n", ns, "addr", "add", $"{address}/24", "dev", "eth0");
                await IpCommand.MustAsync("-n", ns, "link", "set", "eth0", "up");
                await IpCommand.MustAsync("-n", ns, "link", "set", "lo", "up");
            }

            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            // A process left inside would keep the namespace's network alive after its name is gone.
            var pids = await IpCommand.RunAsync("netns", "pids", host.Name);
            foreach (var pid in pids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                await IpCommand.RunFileAsync("kill", ["-KILL", pid]);
            }

            await IpCommand.RunAsync("netns", "delete", host.Name);
        }

        await IpCommand.RunAsync("link", "delete", _bridge);
    }

    /// <summary>A 10.214.N subnet no interface or route of this machine uses yet.</summary>
    private static async Task<string> FreeSubnetAsync()
    {
        var addresses = (await IpCommand.RunAsync("-o", "addr")).Stdout;
        var routes = (await IpCommand.RunAsync("route")).Stdout;
        var start = Random.Shared.Next(256);
        for (var i = 0; i < 256; i++)
        {
            var subnet = "10.214." + ((start + i) % 256).ToString(CultureInfo.InvariantCulture);
            if (!addresses.Contains(subnet + ".", StringComparison.Ordinal) && !routes.Contains(subnet + ".", StringComparison.Ordinal))
            {
                return subnet;
            }
        }

        throw new BenchSetupException("Every 10.214.N.0/24 subnet is in use on this machine; delete stale bridges (ip -o addr | grep 10.214.).");
    }
}
