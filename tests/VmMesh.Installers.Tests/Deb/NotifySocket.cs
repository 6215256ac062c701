using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace VmMesh.Installers.Tests.Deb;

/// <summary>
/// The service manager's end of sd_notify: a Unix datagram socket at a host path (inside a Debian root, so the daemon
/// finds it at the matching NOTIFY_SOCKET path) that collects every state line the daemon sends (READY=1, STOPPING=1).
/// </summary>
public sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;

    public NotifySocket(string hostPath)
    {
        _socket.Bind(new UnixDomainSocketEndPoint(hostPath));
        // The daemon runs as the vmmesh user, as under systemd; it must be able to send.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hostPath, (UnixFileMode)0b110_110_110);
        }

        _receiving = ReceiveAsync();
    }

    public IReadOnlyCollection<string> Lines => [.. _lines];

    /// <summary>Waits until the daemon has sent <paramref name="line"/> (such as READY=1), or fails with what it did send.</summary>
    public async Task WaitForAsync(string line, TimeSpan timeout, Func<string> describeDaemon)
    {
        ArgumentNullException.ThrowIfNull(describeDaemon);
        var deadline = DateTime.UtcNow + timeout;
        while (!_lines.Contains(line))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no {line} on NOTIFY_SOCKET within {timeout}; received [{string.Join(", ", _lines)}]; {describeDaemon()}");
            }

            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _receiving.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // The receive loop ends with the socket; how it ended does not matter here.
        }

        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        while (!_stop.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            foreach (var line in Encoding.UTF8.GetString(buffer, 0, received).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                _lines.Enqueue(line);
            }
        }
    }
}
