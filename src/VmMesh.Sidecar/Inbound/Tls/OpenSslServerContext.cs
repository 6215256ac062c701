using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VmMesh.Sidecar.Inbound.Tls;

/// <summary>
/// One OpenSSL server context (SSL_CTX) for one server certificate: TLS 1.2 and 1.3, ALPN h2 then http/1.1, a client
/// certificate required, and OpenSSL's own chain check replaced by the connection's <see cref="ClientCertificateVerifier"/>
/// so a refusal is a handshake alert. No session cache and no tickets: every connection presents and is checked
/// again (a trust-bundle change applies to the next connection, and a resumed session would skip the check).
/// Connections keep the SSL_CTX alive by OpenSSL's reference count, so disposing this while they run is safe.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class OpenSslServerContext : IDisposable
{
    private static readonly byte[] AlpnBytes = [2, (byte)'h', (byte)'2', 8, (byte)'h', (byte)'t', (byte)'t', (byte)'p', (byte)'/', (byte)'1', (byte)'.', (byte)'1'];

    // "\x02h2\x08http/1.1": the server's preference order, in unmanaged memory for the life of the process because
    // OpenSSL points into it from the ALPN callback's result.
    private static readonly IntPtr ServerAlpn = AllocateAlpn();
    private static readonly NativeMethods.CertVerifyCallback VerifyCallback = Verify;
    private static readonly NativeMethods.AlpnSelectCallback AlpnCallback = SelectAlpn;
    private static readonly IntPtr VerifyPointer = Marshal.GetFunctionPointerForDelegate(VerifyCallback);
    private static readonly IntPtr AlpnPointer = Marshal.GetFunctionPointerForDelegate(AlpnCallback);

    private IntPtr _context;

    private OpenSslServerContext(IntPtr context) => _context = context;

    public static OpenSslServerContext Create(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var context = NativeMethods.SslCtxNew(NativeMethods.TlsServerMethod());
        if (context == IntPtr.Zero)
        {
            throw OpenSslErrors.Take("SSL_CTX_new failed");
        }

        try
        {
            Configure(context, certificate);
            return new OpenSslServerContext(context);
        }
        catch
        {
            NativeMethods.SslCtxFree(context);
            throw;
        }
    }

    /// <summary>A new SSL in server mode reading from and writing to memory BIOs; the caller owns it (SSL_free frees the BIOs).</summary>
    public (IntPtr Ssl, IntPtr ReadBio, IntPtr WriteBio) NewConnection()
    {
        ObjectDisposedException.ThrowIf(_context == IntPtr.Zero, this);
        var ssl = NativeMethods.SslNew(_context);
        if (ssl == IntPtr.Zero)
        {
            throw OpenSslErrors.Take("SSL_new failed");
        }

        var readBio = NativeMethods.BioNew(NativeMethods.BioSMem());
        var writeBio = NativeMethods.BioNew(NativeMethods.BioSMem());
        if (readBio == IntPtr.Zero || writeBio == IntPtr.Zero)
        {
            FreeBio(readBio);
            FreeBio(writeBio);
            NativeMethods.SslFree(ssl);
            throw OpenSslErrors.Take("BIO_new failed");
        }

        NativeMethods.SslSetBio(ssl, readBio, writeBio);
        NativeMethods.SslSetAcceptState(ssl);
        return (ssl, readBio, writeBio);
    }

    public void Dispose()
    {
        var context = Interlocked.Exchange(ref _context, IntPtr.Zero);
        if (context != IntPtr.Zero)
        {
            NativeMethods.SslCtxFree(context);
        }
    }

    private static void Configure(IntPtr context, X509Certificate2 certificate)
    {
        Check(NativeMethods.SslCtxCtrl(context, NativeMethods.SslCtrlSetMinProtoVersion, NativeMethods.Tls12Version, IntPtr.Zero), "SSL_CTX_set_min_proto_version");
        Check(NativeMethods.SslCtxCtrl(context, NativeMethods.SslCtrlSetMaxProtoVersion, NativeMethods.Tls13Version, IntPtr.Zero), "SSL_CTX_set_max_proto_version");
        NativeMethods.SslCtxCtrl(context, NativeMethods.SslCtrlSetSessCacheMode, 0, IntPtr.Zero);
        NativeMethods.SslCtxSetOptions(context, NativeMethods.SslOpNoTicket | NativeMethods.SslOpNoRenegotiation);
        Check(NativeMethods.SslCtxSetNumTickets(context, 0), "SSL_CTX_set_num_tickets");

        var x509 = NativeCertificates.ToX509(certificate);
        try
        {
            Check(NativeMethods.SslCtxUseCertificate(context, x509), "SSL_CTX_use_certificate");
        }
        finally
        {
            NativeMethods.X509Free(x509);
        }

        var key = NativeCertificates.ToPrivateKey(certificate);
        try
        {
            Check(NativeMethods.SslCtxUsePrivateKey(context, key), "SSL_CTX_use_PrivateKey");
        }
        finally
        {
            NativeMethods.EvpPkeyFree(key);
        }

        Check(NativeMethods.SslCtxCheckPrivateKey(context), "SSL_CTX_check_private_key");
        NativeMethods.SslCtxSetVerify(context, NativeMethods.SslVerifyPeer | NativeMethods.SslVerifyFailIfNoPeerCert, IntPtr.Zero);
        NativeMethods.SslCtxSetCertVerifyCallback(context, VerifyPointer, IntPtr.Zero);
        NativeMethods.SslCtxSetAlpnSelectCb(context, AlpnPointer, IntPtr.Zero);
    }

    private static void Check(long result, string call)
    {
        if (result <= 0)
        {
            throw OpenSslErrors.Take($"{call} failed");
        }
    }

    private static void FreeBio(IntPtr bio)
    {
        // BIO_free only fails for a null BIO, which is skipped here.
        _ = bio != IntPtr.Zero && NativeMethods.BioFree(bio) == 1;
    }

    // Called by OpenSSL inside SSL_do_handshake, on the thread that called it, once the client's Certificate message
    // is in. Returning 0 with an X509 error set makes OpenSSL send the matching alert and fail the handshake.
    private static int Verify(IntPtr storeContext, IntPtr arg)
    {
        try
        {
            var ssl = NativeMethods.X509StoreCtxGetExData(storeContext, NativeMethods.SslGetExDataX509StoreCtxIdx());
            var connection = OpenSslServerStream.FromSsl(ssl);
            var leafPointer = NativeMethods.X509StoreCtxGet0Cert(storeContext);
            if (connection is null || leafPointer == IntPtr.Zero)
            {
                NativeMethods.X509StoreCtxSetError(storeContext, HandshakeAlerts.CertificateRejected);
                return 0;
            }

            var presented = ReadStack(NativeMethods.X509StoreCtxGet0Untrusted(storeContext));
            try
            {
                using var leaf = NativeCertificates.FromX509(leafPointer);
                var error = connection.VerifyClientCertificate(leaf, presented);
                if (error == 0)
                {
                    return 1;
                }

                NativeMethods.X509StoreCtxSetError(storeContext, error);
                return 0;
            }
            finally
            {
                foreach (var certificate in presented)
                {
                    certificate.Dispose();
                }
            }
        }
#pragma warning disable CA1031 // An exception must not unwind into OpenSSL; any failure refuses the peer.
        catch (Exception)
#pragma warning restore CA1031
        {
            NativeMethods.X509StoreCtxSetError(storeContext, HandshakeAlerts.CertificateRejected);
            return 0;
        }
    }

    private static List<X509Certificate2> ReadStack(IntPtr stack)
    {
        var certificates = new List<X509Certificate2>();
        if (stack == IntPtr.Zero)
        {
            return certificates;
        }

        var count = NativeMethods.OpenSslSkNum(stack);
        for (var i = 0; i < count; i++)
        {
            certificates.Add(NativeCertificates.FromX509(NativeMethods.OpenSslSkValue(stack, i)));
        }

        return certificates;
    }

    private static int SelectAlpn(IntPtr ssl, out IntPtr selected, out byte selectedLength, IntPtr clientList, uint clientListLength, IntPtr arg)
    {
        var result = NativeMethods.SslSelectNextProto(out selected, out selectedLength, ServerAlpn, (uint)AlpnBytes.Length, clientList, clientListLength);

        // No protocol in common: carry on without ALPN (HTTP/1.1) rather than fail the handshake.
        return result == NativeMethods.OpenSslNpnNegotiated ? NativeMethods.SslTlsextErrOk : NativeMethods.SslTlsextErrNoAck;
    }

    private static IntPtr AllocateAlpn()
    {
        var memory = Marshal.AllocHGlobal(AlpnBytes.Length);
        Marshal.Copy(AlpnBytes, 0, memory, AlpnBytes.Length);
        return memory;
    }
}
