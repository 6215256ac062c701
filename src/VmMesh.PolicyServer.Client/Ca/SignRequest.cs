// The CA calls of the policy server API (docs/policy-server-api.md): a host or sidecar sends a CSR and gets a
// leaf back; anyone reads the roots (long-polling on their index); an operator starts a rotation.
namespace VmMesh.PolicyServer.Client.Ca;

/// <summary>Body of <c>POST /v1/ca/sign</c>.</summary>
/// <param name="Csr">PKCS#10 CSR in PEM; only its public key is used.</param>
/// <param name="Service">The service to certify; may be omitted when the join token names exactly one, ignored for mTLS renewal.</param>
public sealed record SignRequest(string Csr, string? Service = null);
