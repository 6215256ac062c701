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
        // Free ports are held open until all are chosen, so the system cannot hand out the same one twice.
        var held = new List<TcpListener>();
        try
        {
            int Pick(int offset) => basePort == 0 ? Hold(held) : basePort + offset;
            var consul = Pick(0);
            var policyServer = Pick(1);
            var services = Enumerable.Range(0, DevMesh.Services.Count)
                .Select(n => new DevServicePorts(Pick(10 * n + 10), Pick(10 * n + 11), Pick(10 * n + 12), Pick(10 * n + 13)))
                .ToList();
            return new DevPorts(consul, policyServer, services);
        }
        finally
        {
            held.ForEach(l => l.Dispose());
        }
    }

    private static int Hold(List<TcpListener> held)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        held.Add(listener);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
