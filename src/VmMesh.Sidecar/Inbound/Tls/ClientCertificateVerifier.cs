using System.Security.Cryptography.X509Certificates;

namespace VmMesh.Sidecar.Inbound.Tls;

/// <summary>
/// Decides about a client certificate inside the handshake: returns 0 (X509_V_OK) to accept, or the X509_V_ERR_* code
/// whose TLS alert OpenSSL sends to the client (see <see cref="HandshakeAlerts"/>). <paramref name="presented"/> is
/// every certificate the client sent, leaf first.
/// </summary>
internal delegate int ClientCertificateVerifier(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> presented);
