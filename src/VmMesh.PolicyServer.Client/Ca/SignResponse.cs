namespace VmMesh.PolicyServer.Client.Ca;

/// <summary>Answer to <c>POST /v1/ca/sign</c>: the leaf and the roots it chains to.</summary>
/// <param name="SpiffeId">The identity in the leaf, e.g. <c>spiffe://vmmesh.local/ns/default/dc/dc1/svc/web</c>.</param>
/// <param name="CertificatePem">The leaf certificate.</param>
/// <param name="ChainPem">The issuing root (and the cross-signed root during a rotation).</param>
/// <param name="NotAfter">When the leaf expires.</param>
/// <param name="ServiceName">The certified service.</param>
public sealed record SignResponse(string SpiffeId, string CertificatePem, string ChainPem, DateTimeOffset NotAfter, string ServiceName);
