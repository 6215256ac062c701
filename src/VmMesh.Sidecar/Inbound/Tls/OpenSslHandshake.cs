// Inbound TLS on Linux, driven through OpenSSL directly. Flow per connection: Kestrel accepts → OpenSslHandshake picks
// the OpenSslServerContext of the current certificate → OpenSslServerStream runs the handshake over memory BIOs →
// OpenSSL calls back for the client certificate → LeafValidator decides, HandshakeAlerts maps a refusal to the alert
// OpenSSL sends → on success InboundTlsFeature (client certificate, ALPN) and the decrypted pipe go to Kestrel's HTTP.
using System.IO.Pipelines;
using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Validation;
using VmMesh.Sidecar.Identity;

namespace VmMesh.Sidecar.Inbound.Tls;

/// <summary>
/// The inbound listener's TLS on Linux, as Kestrel connection middleware. .NET 10's SslStream on Linux checks a client
/// certificate only after OpenSSL has finished the handshake and then closes without an alert, so a refused client
/// saw an empty reply. Here OpenSSL itself asks <see cref="LeafValidator"/> inside the handshake, and a refusal is a
/// TLS alert: certificate_required (TLS 1.3) or handshake_failure (TLS 1.2) for no certificate, unknown_ca for
/// another CA, bad_certificate for a leaf of the wrong shape (two URI SANs, say).
/// The server certificate is the <see cref="CertificateStore"/>'s current one at every connection (renewal in place:
/// a new OpenSSL context per certificate, connections on the old one carry on).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class OpenSslHandshake(CertificateStore certificates, TimeProvider timeProvider, ILogger logger) : IDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LingerTimeout = TimeSpan.FromSeconds(2);

    private readonly LeafValidator _validator = new(timeProvider);
    private readonly Lock _gate = new();
    private X509Certificate2? _contextCertificate;
    private OpenSslServerContext? _context;

    /// <summary>For <c>ListenOptions.Use</c>: runs the handshake, then <paramref name="next"/> (Kestrel's HTTP) over the decrypted stream.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection => OnConnectionAsync(connection, next);

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(next);
        var bundle = certificates.Required.Bundle;
        var transport = connection.Transport;
        var tls = CreateStream(
            transport.Input.AsStream(leaveOpen: true),
            transport.Output.AsStream(leaveOpen: true),
            (leaf, presented) => Verify(bundle, leaf, presented));
        await using (tls.ConfigureAwait(false))
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed))
            {
                timeout.CancelAfter(HandshakeTimeout);
                try
                {
                    await tls.HandshakeAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
                {
                    HandshakeFailed(logger, connection.RemoteEndPoint?.ToString() ?? "unknown", e.Message);
                    await LingerAsync(transport.Input, connection.ConnectionClosed).ConfigureAwait(false);
                    return;
                }
            }

            var feature = new InboundTlsFeature(tls.ClientCertificate, tls.ApplicationProtocol);
            connection.Features.Set<ITlsConnectionFeature>(feature);
            connection.Features.Set<ITlsApplicationProtocolFeature>(feature);
            var decrypted = new StreamDuplexPipe(
                PipeReader.Create(tls, new StreamPipeReaderOptions(leaveOpen: true)),
                PipeWriter.Create(tls, new StreamPipeWriterOptions(leaveOpen: true)));
            connection.Transport = decrypted;
            try
            {
                await next(connection).ConfigureAwait(false);
            }
            finally
            {
                await decrypted.Input.CompleteAsync().ConfigureAwait(false);
                await decrypted.Output.CompleteAsync().ConfigureAwait(false);
                connection.Transport = transport;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _context?.Dispose();
            _context = null;
            _contextCertificate = null;
        }
    }

    /// <summary>
    /// After an alert, reads and drops what the client still sends until it closes (or <see cref="LingerTimeout"/>):
    /// a TLS 1.3 client has already sent its request, and closing a socket with unread data makes the kernel send a
    /// reset, which can reach the client before it has read the alert and turn "alert unknown ca" into
    /// "connection reset".
    /// </summary>
    private static async Task LingerAsync(PipeReader input, CancellationToken connectionClosed)
    {
        using var linger = CancellationTokenSource.CreateLinkedTokenSource(connectionClosed);
        linger.CancelAfter(LingerTimeout);
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(linger.Token).ConfigureAwait(false);
                input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException)
        {
            // The client went away or took too long: either way the connection closes now.
        }
    }

    private OpenSslServerStream CreateStream(Stream input, Stream output, ClientCertificateVerifier verifier)
    {
        var certificate = certificates.Required.Certificate;
        lock (_gate)
        {
            // The SSL is made under the gate so a renewal cannot free the context between choosing and using it.
            if (_context is null || !ReferenceEquals(certificate, _contextCertificate))
            {
                var next = OpenSslServerContext.Create(certificate);
                _context?.Dispose();
                _context = next;
                _contextCertificate = certificate;
            }

            return new OpenSslServerStream(_context, input, output, verifier);
        }
    }

    private int Verify(TrustBundle bundle, X509Certificate2 leaf, IReadOnlyList<X509Certificate2> presented)
    {
        var result = _validator.Validate(bundle, leaf, presented, PeerRole.Client);
        if (!result.IsValid)
        {
            PeerRejected(logger, result.Failure.ToString(), result.Message);
        }

        return HandshakeAlerts.ForFailure(result.Failure);
    }

    [LoggerMessage(200, LogLevel.Information, "Inbound handshake refused ({Failure}): {Reason}")]
    private static partial void PeerRejected(ILogger logger, string failure, string reason);

    [LoggerMessage(201, LogLevel.Debug, "Inbound TLS handshake from {Remote} failed: {Reason}")]
    private static partial void HandshakeFailed(ILogger logger, string remote, string reason);
}
