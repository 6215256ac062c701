namespace VmMesh.Identity.Validation;

/// <summary>What the validated certificate is being used for; decides which extended key usage it must carry.</summary>
public enum PeerRole
{
    /// <summary>The peer is a TLS server (checked by an outbound client): EKU serverAuth required.</summary>
    Server,

    /// <summary>The peer is a TLS client (checked by an inbound server): EKU clientAuth required.</summary>
    Client,

    /// <summary>The certificate signed a document (JWS): digitalSignature required, EKU not checked.</summary>
    Signer,
}
