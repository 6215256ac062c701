using System.Net;
using System.Net.Sockets;

namespace VmMesh.Cli.Dev;

/// <summary>
/// The loopback ports of the dev mesh. From a base port B: Consul B, policy server B+1, and for the n-th service
/// (web, api, inventory) app B+10n+10, inbound +1, outbound +2, admin +3. Base 0 picks free ports, so tests run in parallel.
/// </summary>
internal sealed record DevPorts(int Consul, int PolicyServer, IReadOnlyList<DevServicePorts> Services)
{
    public const int DefaultBase = 18500;

    public static DevPorts From(int basePort)
    {
        Func<int, int> pick = basePort == 0 ? _ => FreePort() : offset => basePort + offset;
        var services = Enumerable.Range(0, DevMesh.Services.Count)
            .Select(n => new DevServicePorts(pick(10 * n + 10), pick(10 * n + 11), pick(10 * n + 12), pick(10 * n + 13)))
            .ToList();
        return new DevPorts(pick(0), pick(1), services);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
