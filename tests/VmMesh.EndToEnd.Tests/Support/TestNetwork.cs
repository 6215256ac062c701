using System.Diagnostics;
using System.Globalization;
using VmMesh.Testing;

namespace VmMesh.EndToEnd.Tests.Support;

/// <summary>
/// The test's private network: a bridge <c>vmb&lt;id&gt;</c> in the root namespace with 10.213.N.1/24, and one
/// namespace per host attached to it by a veth pair (10.213.N.2, .3, …). Only these addresses are ever targets.
/// Where network namespaces cannot be created (not root, no iproute2), hosts fall back to 127.0.0.2, .3, … in the
/// root namespace, as the issue allows; with CI=true that fallback is an error, because CI must exercise namespaces.
/// Dispose deletes every namespace and the bridge.
/// </summary>
internal sealed class TestNetwork : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly string? _bridge;
    private readonly List<NetworkNamespace> _hosts = [];

    private TestNetwork(string? bridge, string rootAddress)
    {
        _bridge = bridge;
        RootAddress = rootAddress;
    }

    /// <summary>Where the root namespace's servers (dev Consul, policy server) listen so that every host reaches them.</summary>
    public string RootAddress { get; }

    public bool UsesNamespaces => _bridge is not null;

    public IReadOnlyList<NetworkNamespace> Hosts => _hosts;

    public static async Task<TestNetwork> CreateAsync(int hostCount)
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var probe = $"vmm-{id}-probe";
        var probeResult = await RunIpAsync("netns", "add", probe);
        if (probeResult.ExitCode != 0)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"'ip netns add' failed ({probeResult}); CI must run the end-to-end tests in network namespaces: run them as root with iproute2 installed.");
            }

            var fallback = new TestNetwork(null, "127.0.0.1");
            for (var i = 0; i < hostCount; i++)
            {
                fallback._hosts.Add(new NetworkNamespace(null, $"127.0.0.{i + 2}"));
            }

            return fallback;
        }

        await RunIpAsync("netns", "delete", probe);
        var subnet = await FreeSubnetAsync();
        var network = new TestNetwork("vmb" + id, $"{subnet}.1");
        try
        {
            await MustAsync("link", "add", network._bridge!, "type", "bridge");
            await MustAsync("addr", "add", $"{subnet}.1/24", "dev", network._bridge!);
            await MustAsync("link", "set", network._bridge!, "up");
            for (var i = 0; i < hostCount; i++)
            {
                var ns = $"vmm-{id}-{i}";
                var veth = $"vmv{id}{i}";
                var address = $"{subnet}.{i + 2}";
                await MustAsync("netns", "add", ns);
                network._hosts.Add(new NetworkNamespace(ns, address));
                await MustAsync("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
                await MustAsync("link", "set", veth, "master", network._bridge!, "up");
                await MustAsync("-n", ns, "addr", "add", $"{address}/24", "dev", "eth0");
                await MustAsync("-n", ns, "link", "set", "eth0", "up");
                await MustAsync("-n", ns, "link", "set", "lo", "up");
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
        foreach (var host in _hosts.Where(h => h.Name is not null))
        {
            // Processes still inside would keep nothing alive (the namespace goes when its last process exits),
            // but their owners kill them first; deleting the name removes the veth pair with it.
            await RunIpAsync("netns", "delete", host.Name!);
        }

        if (_bridge is not null)
        {
            await RunIpAsync("link", "delete", _bridge);
        }
    }

    /// <summary>A 10.213.N subnet no interface of this machine uses yet.</summary>
    private static async Task<string> FreeSubnetAsync()
    {
        var addresses = (await RunIpAsync("-o", "addr")).Stdout;
        var routes = (await RunIpAsync("route")).Stdout;
        for (var n = Random.Shared.Next(256); ; n = (n + 1) % 256)
        {
            var subnet = "10.213." + n.ToString(CultureInfo.InvariantCulture);
            if (!addresses.Contains(subnet + ".", StringComparison.Ordinal) && !routes.Contains(subnet + ".", StringComparison.Ordinal))
            {
                return subnet;
            }
        }
    }

    private static async Task MustAsync(params string[] args)
    {
        var result = await RunIpAsync(args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed: {result}");
        }
    }

    private static async Task<CommandResult> RunIpAsync(params string[] args)
    {
        try
        {
            return await HostCommand.RunAsync("ip", args, CommandTimeout);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is System.ComponentModel.Win32Exception)
        {
            return new CommandResult(-1, string.Empty, ex.Message); // no iproute2: namespaces count as unavailable
        }
    }
}
