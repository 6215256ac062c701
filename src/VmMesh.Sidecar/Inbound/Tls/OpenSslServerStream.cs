using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace VmMesh.Sidecar.Inbound.Tls;

/// <summary>
/// The server side of one TLS connection, driven through OpenSSL with memory BIOs: ciphertext comes in from
/// <c>input</c> into the read BIO, OpenSSL writes records (and alerts) to the write BIO, and they go out to
/// <c>output</c>. Every SSL_* call holds one lock (an SSL is not thread-safe, and Kestrel reads and writes at the same
/// time); draining the write BIO and writing it out also holds the write gate, so records leave in the order OpenSSL
/// made them. A failed handshake still sends what OpenSSL wrote last: the alert.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class OpenSslServerStream : Stream
{
    private const int ReceiveSize = 16 * 1024;

    private readonly Stream _input;
    private readonly Stream _output;
    private readonly ClientCertificateVerifier _verifier;
    private readonly Lock _sslLock = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly byte[] _receive = new byte[ReceiveSize];
    private GCHandle _self;
    private IntPtr _ssl;
    private IntPtr _readBio;
    private IntPtr _writeBio;

    public OpenSslServerStream(OpenSslServerContext context, Stream input, Stream output, ClientCertificateVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(context);
        _input = input ?? throw new ArgumentNullException(nameof(input));
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        (_ssl, _readBio, _writeBio) = context.NewConnection();

        // The verify callback finds this stream from the SSL's app data; a weak handle so an undisposed stream is
        // still collected.
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
        if (NativeMethods.SslSetExData(_ssl, 0, GCHandle.ToIntPtr(_self)) != 1)
        {
            _self.Free();
            NativeMethods.SslFree(_ssl);
            throw OpenSslErrors.Take("SSL_set_ex_data failed");
        }
    }

    /// <summary>The verified client certificate, after <see cref="HandshakeAsync"/>.</summary>
    public X509Certificate2? ClientCertificate { get; private set; }

    /// <summary>The ALPN protocol chosen (h2 or http/1.1), empty when the client offered none we speak.</summary>
    public ReadOnlyMemory<byte> ApplicationProtocol { get; private set; }

    /// <summary>The negotiated version as OpenSSL names it ("TLSv1.3").</summary>
    public string? Protocol { get; private set; }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The stream a verify callback belongs to, or null.</summary>
    internal static OpenSslServerStream? FromSsl(IntPtr ssl)
    {
        var data = ssl == IntPtr.Zero ? IntPtr.Zero : NativeMethods.SslGetExData(ssl, 0);
        return data == IntPtr.Zero ? null : GCHandle.FromIntPtr(data).Target as OpenSslServerStream;
    }

    internal int VerifyClientCertificate(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> presented) => _verifier(leaf, presented);

    /// <summary>
    /// Runs the server handshake. Throws <see cref="AuthenticationException"/> with OpenSSL's reason when it fails,
    /// after the alert OpenSSL produced has been sent.
    /// </summary>
    public async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (result, error, reason) = Call(static ssl => NativeMethods.SslDoHandshake(ssl));
            await SendPendingAsync(cancellationToken).ConfigureAwait(false);
            if (result == 1)
            {
                CompleteHandshake();
                return;
            }

            if (error != NativeMethods.SslErrorWantRead)
            {
                throw new AuthenticationException($"TLS handshake failed: {reason}");
            }

            if (!await ReceiveAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new AuthenticationException("TLS handshake failed: the client closed the connection");
            }
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            var (result, error, reason, replied) = Decrypt(buffer);

            // Reading seldom makes records of its own (a key update's answer, an alert); send them only then, so a
            // read never waits behind a write.
            if (replied)
            {
                await SendPendingAsync(cancellationToken).ConfigureAwait(false);
            }

            if (result > 0)
            {
                return result;
            }

            switch (error)
            {
                case NativeMethods.SslErrorZeroReturn:
                    return 0;
                case NativeMethods.SslErrorWantRead:
                    if (!await ReceiveAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return 0;
                    }

                    break;
                default:
                    throw new IOException($"TLS read failed: {reason}");
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (records, length) = EncryptAndDrain(buffer);
            try
            {
                await _output.WriteAsync(records.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(records);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    // Records are written out as they are made; the transport below flushes on write.
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_sslLock)
            {
                if (_ssl != IntPtr.Zero)
                {
                    NativeMethods.SslFree(_ssl);
                    _ssl = IntPtr.Zero;
                    _readBio = IntPtr.Zero;
                    _writeBio = IntPtr.Zero;
                }
            }

            if (_self.IsAllocated)
            {
                _self.Free();
            }

            ClientCertificate?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void CompleteHandshake()
    {
        lock (_sslLock)
        {
            var ssl = Live();
            var peer = NativeMethods.SslGet1PeerCertificate(ssl);
            if (peer != IntPtr.Zero)
            {
                try
                {
                    ClientCertificate = NativeCertificates.FromX509(peer);
                }
                finally
                {
                    NativeMethods.X509Free(peer);
                }
            }

            NativeMethods.SslGet0AlpnSelected(ssl, out var alpn, out var alpnLength);
            if (alpn != IntPtr.Zero && alpnLength > 0)
            {
                var protocol = new byte[alpnLength];
                Marshal.Copy(alpn, protocol, 0, protocol.Length);
                ApplicationProtocol = protocol;
            }

            Protocol = Marshal.PtrToStringAnsi(NativeMethods.SslGetVersion(ssl));
        }
    }

    private (int Result, int Error, string Reason) Call(Func<IntPtr, int> operation)
    {
        lock (_sslLock)
        {
            var ssl = Live();
            NativeMethods.ErrClearError();
            var result = operation(ssl);
            return result > 0 ? (result, 0, string.Empty) : Failure(ssl, result);
        }
    }

    private (int Result, int Error, string Reason, bool Replied) Decrypt(Memory<byte> buffer)
    {
        lock (_sslLock)
        {
            var ssl = Live();
            var span = buffer.Span;
            NativeMethods.ErrClearError();
            var result = NativeMethods.SslRead(ssl, ref MemoryMarshal.GetReference(span), span.Length);
            var (_, error, reason) = result > 0 ? (result, 0, string.Empty) : Failure(ssl, result);
            return (result, error, reason, NativeMethods.BioCtrlPending(_writeBio) > 0);
        }
    }

    private (byte[] Records, int Length) EncryptAndDrain(ReadOnlyMemory<byte> buffer)
    {
        lock (_sslLock)
        {
            var ssl = Live();
            var span = buffer.Span;
            while (!span.IsEmpty)
            {
                NativeMethods.ErrClearError();
                var written = NativeMethods.SslWrite(ssl, ref MemoryMarshal.GetReference(span), span.Length);
                if (written <= 0)
                {
                    throw new IOException($"TLS write failed: {Failure(ssl, written).Reason}");
                }

                span = span[written..];
            }

            return DrainLocked();
        }
    }

    /// <summary>Sends whatever OpenSSL has written (handshake records, alerts, key updates) and not yet gone out.</summary>
    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            byte[] records;
            int length;
            lock (_sslLock)
            {
                Live();
                (records, length) = DrainLocked();
            }

            try
            {
                if (length > 0)
                {
                    await _output.WriteAsync(records.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(records);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Reads the next ciphertext from the client into the read BIO; false at end of stream.</summary>
    private async Task<bool> ReceiveAsync(CancellationToken cancellationToken)
    {
        var count = await _input.ReadAsync(_receive, cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            return false;
        }

        lock (_sslLock)
        {
            Live();
            if (NativeMethods.BioWrite(_readBio, ref _receive[0], count) != count)
            {
                throw new IOException($"TLS read failed: {OpenSslErrors.Drain()}");
            }
        }

        return true;
    }

    private (byte[] Records, int Length) DrainLocked()
    {
        var pending = (int)NativeMethods.BioCtrlPending(_writeBio);
        var records = ArrayPool<byte>.Shared.Rent(Math.Max(pending, 1));
        var length = pending == 0 ? 0 : NativeMethods.BioRead(_writeBio, ref records[0], pending);
        return (records, Math.Max(length, 0));
    }

    private IntPtr Live()
    {
        ObjectDisposedException.ThrowIf(_ssl == IntPtr.Zero, this);
        return _ssl;
    }

    private static (int Result, int Error, string Reason) Failure(IntPtr ssl, int result)
    {
        var error = NativeMethods.SslGetError(ssl, result);
        return (result, error, error switch
        {
            NativeMethods.SslErrorWantRead => string.Empty,
            NativeMethods.SslErrorZeroReturn => "the client closed the TLS session",
            _ => $"{OpenSslErrors.Drain()} (SSL_get_error {error})",
        });
    }
}
