using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace VmMesh.Sidecar.Inbound.Tls;

/// <summary>
/// The few libssl / libcrypto 3 entry points the inbound listener drives itself (the same libraries .NET loads on
/// Linux). Only plain pointers, <c>ref byte</c> buffers and delegates cross the boundary, so no unsafe code is needed.
/// Macros of the C API (SSL_CTX_set_min_proto_version, SSL_CTX_set_session_cache_mode) go through SSL_CTX_ctrl.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class NativeMethods
{
    private const string Ssl = "libssl.so.3";
    private const string Crypto = "libcrypto.so.3";

    public const int SslVerifyPeer = 0x01;
    public const int SslVerifyFailIfNoPeerCert = 0x02;
    public const int SslErrorSsl = 1;
    public const int SslErrorWantRead = 2;
    public const int SslErrorWantWrite = 3;
    public const int SslErrorZeroReturn = 6;
    public const int SslCtrlSetSessCacheMode = 44;
    public const int SslCtrlSetMinProtoVersion = 123;
    public const int SslCtrlSetMaxProtoVersion = 124;
    public const int Tls12Version = 0x0303;
    public const int Tls13Version = 0x0304;
    public const ulong SslOpNoTicket = 1UL << 14;
    public const ulong SslOpNoRenegotiation = 1UL << 30;
    public const int SslTlsextErrOk = 0;
    public const int SslTlsextErrNoAck = 3;
    public const int OpenSslNpnNegotiated = 1;

    /// <summary><c>int (*)(X509_STORE_CTX *, void *)</c>: replaces OpenSSL's own chain verification.</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int CertVerifyCallback(IntPtr storeContext, IntPtr arg);

    /// <summary><c>SSL_CTX_alpn_select_cb_func</c>.</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int AlpnSelectCallback(IntPtr ssl, out IntPtr selected, out byte selectedLength, IntPtr clientList, uint clientListLength, IntPtr arg);

    [DllImport(Ssl, EntryPoint = "TLS_server_method")]
    public static extern IntPtr TlsServerMethod();

    [DllImport(Ssl, EntryPoint = "SSL_CTX_new")]
    public static extern IntPtr SslCtxNew(IntPtr method);

    [DllImport(Ssl, EntryPoint = "SSL_CTX_free")]
    public static extern void SslCtxFree(IntPtr context);

    [DllImport(Ssl, EntryPoint = "SSL_CTX_ctrl")]
    public static extern long SslCtxCtrl(IntPtr context, int command, long larg, IntPtr parg);

    [DllImport(Ssl, EntryPoint = "SSL_CTX_set_options")]
    public static extern ulong SslCtxSetOptions(IntPtr context, ulong options);

    [DllImport(Ssl, EntryPoint = "SSL_CTX_set_num_tickets")]
    public static extern int SslCtxSetNumTickets(IntPtr context, nuint tickets);

    [DllImport(Ssl, EntryPoint = "SSL_CTX_use_certificate")]
    public static extern int SslCtxUseCertificate(IntPtr context, IntPtr x509);

    [DllImport(Ssl, EntryPoint = "SSL_CTX_use_PrivateKey")]
    public static extern int SslCtxUsePrivateKey(IntPtr context, IntPtr key);

    [DllImport(Ssl, EntryPoint = "SSL_CTX_check_private_key")]
    public static extern int SslCtxCheckPrivateKey(IntPtr context);

    [DllImport(Ssl, EntryPoint = "SSL_CTX_set_verify")]
    public static extern void SslCtxSetVerify(IntPtr context, int mode, IntPtr callback);

    [DllImport(Ssl, EntryPoint = "SSL_CTX_set_cert_verify_callback")]
    public static extern void SslCtxSetCertVerifyCallback(IntPtr context, IntPtr callback, IntPtr arg);

    [DllImport(Ssl, EntryPoint = "SSL_CTX_set_alpn_select_cb")]
    public static extern void SslCtxSetAlpnSelectCb(IntPtr context, IntPtr callback, IntPtr arg);

    [DllImport(Ssl, EntryPoint = "SSL_select_next_proto")]
    public static extern int SslSelectNextProto(out IntPtr selected, out byte selectedLength, IntPtr server, uint serverLength, IntPtr client, uint clientLength);

    [DllImport(Ssl, EntryPoint = "SSL_new")]
    public static extern IntPtr SslNew(IntPtr context);

    [DllImport(Ssl, EntryPoint = "SSL_free")]
    public static extern void SslFree(IntPtr ssl);

    [DllImport(Ssl, EntryPoint = "SSL_set_accept_state")]
    public static extern void SslSetAcceptState(IntPtr ssl);

    [DllImport(Ssl, EntryPoint = "SSL_set_bio")]
    public static extern void SslSetBio(IntPtr ssl, IntPtr readBio, IntPtr writeBio);

    [DllImport(Ssl, EntryPoint = "SSL_do_handshake")]
    public static extern int SslDoHandshake(IntPtr ssl);

    [DllImport(Ssl, EntryPoint = "SSL_get_error")]
    public static extern int SslGetError(IntPtr ssl, int result);

    [DllImport(Ssl, EntryPoint = "SSL_read")]
    public static extern int SslRead(IntPtr ssl, ref byte buffer, int count);

    [DllImport(Ssl, EntryPoint = "SSL_write")]
    public static extern int SslWrite(IntPtr ssl, ref byte buffer, int count);

    [DllImport(Ssl, EntryPoint = "SSL_shutdown")]
    public static extern int SslShutdown(IntPtr ssl);

    [DllImport(Ssl, EntryPoint = "SSL_get1_peer_certificate")]
    public static extern IntPtr SslGet1PeerCertificate(IntPtr ssl);

    [DllImport(Ssl, EntryPoint = "SSL_get0_alpn_selected")]
    public static extern void SslGet0AlpnSelected(IntPtr ssl, out IntPtr data, out uint length);

    [DllImport(Ssl, EntryPoint = "SSL_set_ex_data")]
    public static extern int SslSetExData(IntPtr ssl, int index, IntPtr data);

    [DllImport(Ssl, EntryPoint = "SSL_get_ex_data")]
    public static extern IntPtr SslGetExData(IntPtr ssl, int index);

    [DllImport(Ssl, EntryPoint = "SSL_get_ex_data_X509_STORE_CTX_idx")]
    public static extern int SslGetExDataX509StoreCtxIdx();

    [DllImport(Ssl, EntryPoint = "SSL_get_version")]
    public static extern IntPtr SslGetVersion(IntPtr ssl);

    [DllImport(Crypto, EntryPoint = "BIO_s_mem")]
    public static extern IntPtr BioSMem();

    [DllImport(Crypto, EntryPoint = "BIO_new")]
    public static extern IntPtr BioNew(IntPtr method);

    [DllImport(Crypto, EntryPoint = "BIO_free")]
    public static extern int BioFree(IntPtr bio);

    [DllImport(Crypto, EntryPoint = "BIO_write")]
    public static extern int BioWrite(IntPtr bio, ref byte data, int length);

    [DllImport(Crypto, EntryPoint = "BIO_read")]
    public static extern int BioRead(IntPtr bio, ref byte data, int length);

    [DllImport(Crypto, EntryPoint = "BIO_ctrl_pending")]
    public static extern nuint BioCtrlPending(IntPtr bio);

    [DllImport(Crypto, EntryPoint = "d2i_X509")]
    public static extern IntPtr D2iX509(IntPtr reuse, ref IntPtr input, long length);

    [DllImport(Crypto, EntryPoint = "i2d_X509")]
    public static extern int I2dX509(IntPtr x509, ref IntPtr output);

    [DllImport(Crypto, EntryPoint = "X509_free")]
    public static extern void X509Free(IntPtr x509);

    [DllImport(Crypto, EntryPoint = "d2i_AutoPrivateKey")]
    public static extern IntPtr D2iAutoPrivateKey(IntPtr reuse, ref IntPtr input, long length);

    [DllImport(Crypto, EntryPoint = "EVP_PKEY_free")]
    public static extern void EvpPkeyFree(IntPtr key);

    [DllImport(Crypto, EntryPoint = "X509_STORE_CTX_get0_cert")]
    public static extern IntPtr X509StoreCtxGet0Cert(IntPtr storeContext);

    [DllImport(Crypto, EntryPoint = "X509_STORE_CTX_get0_untrusted")]
    public static extern IntPtr X509StoreCtxGet0Untrusted(IntPtr storeContext);

    [DllImport(Crypto, EntryPoint = "X509_STORE_CTX_get_ex_data")]
    public static extern IntPtr X509StoreCtxGetExData(IntPtr storeContext, int index);

    [DllImport(Crypto, EntryPoint = "X509_STORE_CTX_set_error")]
    public static extern void X509StoreCtxSetError(IntPtr storeContext, int error);

    [DllImport(Crypto, EntryPoint = "OPENSSL_sk_num")]
    public static extern int OpenSslSkNum(IntPtr stack);

    [DllImport(Crypto, EntryPoint = "OPENSSL_sk_value")]
    public static extern IntPtr OpenSslSkValue(IntPtr stack, int index);

    [DllImport(Crypto, EntryPoint = "ERR_get_error")]
    public static extern ulong ErrGetError();

    [DllImport(Crypto, EntryPoint = "ERR_error_string_n")]
    public static extern void ErrErrorStringN(ulong error, ref byte buffer, nuint length);

    [DllImport(Crypto, EntryPoint = "ERR_clear_error")]
    public static extern void ErrClearError();
}
