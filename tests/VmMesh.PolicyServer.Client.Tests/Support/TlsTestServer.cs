using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace VmMesh.PolicyServer.Client.Tests.Support;

/// <summary>
/// A one-connection-at-a-time HTTPS server on 127.0.0.1:0 built on SslStream, answering every request with a fixed
/// JSON body. Records the client certificate it was shown and the server-side handshake failure, if any.
/// </summary>
public sealed class TlsTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly string _body;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TlsTestServer(X509Certificate2 certificate, string body)
    {
        _certificate = certificate;
        _body = body;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public X509Certificate2? LastClientCertificate { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient tcp;
            try
            {
                tcp = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            using (tcp)
            {
                try
                {
                    await ServeAsync(tcp);
                }
                catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
                {
                    // The client rejected our certificate or went away; the test asserts on the client side.
                }
            }
        }
    }

    private async Task ServeAsync(TcpClient tcp)
    {
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsServerAsync(
            new SslServerAuthenticationOptions
            {
                ServerCertificate = _certificate,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, _, _, _) => true, // the test inspects what was sent
            },
            _stop.Token);
        if (tls.RemoteCertificate is { } remote)
        {
            LastClientCertificate = X509CertificateLoader.LoadCertificate(remote.GetRawCertData());
        }

        var buffer = new byte[8192];
        var received = new StringBuilder();
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await tls.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var body = Encoding.UTF8.GetBytes(_body);
        var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
        await tls.WriteAsync(body, _stop.Token);
        await tls.FlushAsync(_stop.Token);
    }
}
