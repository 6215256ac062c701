using System.Globalization;
using System.Net.Sockets;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Checks;

/// <summary>TCP checks: a successful connect is "TCP connect host:port: Success", anything else is critical.</summary>
internal sealed class TcpCheckProbe
{
    private readonly TimeProvider _time;

    public TcpCheckProbe(TimeProvider time)
    {
        _time = time;
    }

    public async Task<ProbeResult> RunAsync(CheckSpec spec, CancellationToken cancellationToken)
    {
        var timeout = spec.Timeout > TimeSpan.Zero ? spec.Timeout : TimeSpan.FromSeconds(10);
        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        var target = spec.Tcp;
        var colon = target.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(target.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return new ProbeResult(CheckStatus.Critical, $"dial tcp {target}: address {target}: missing port in address");
        }

        var host = target[..colon].Trim('[', ']');
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, linked.Token);
            return new ProbeResult(CheckStatus.Passing, $"TCP connect {target}: Success");
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(CheckStatus.Critical, $"dial tcp {target}: i/o timeout");
        }
        catch (SocketException ex)
        {
            return new ProbeResult(CheckStatus.Critical, $"dial tcp {target}: connect: {ex.Message.ToLowerInvariant()}");
        }
    }
}
