using System.Diagnostics.CodeAnalysis;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;

namespace VmMesh.Identity.Signing;

/// <summary>The verified payload and signer, or the failure code and a message naming the cause.</summary>
public sealed class JwsVerificationResult
{
    private JwsVerificationResult(JwsFailure failure, string message, ReadOnlyMemory<byte> payload, SpiffeId? signer, string? keyId, ValidationFailure signerFailure)
    {
        Failure = failure;
        Message = message;
        Payload = payload;
        Signer = signer;
        KeyId = keyId;
        SignerFailure = signerFailure;
    }

    [MemberNotNullWhen(true, nameof(Signer))]
    public bool IsValid => Failure == JwsFailure.None;

    public JwsFailure Failure { get; }

    public string Message { get; }

    /// <summary>The signed bytes; empty unless <see cref="IsValid"/>.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    public SpiffeId? Signer { get; }

    public string? KeyId { get; }

    /// <summary>When the signer certificate was rejected, the validator's reason.</summary>
    public ValidationFailure SignerFailure { get; }

    internal static JwsVerificationResult Valid(ReadOnlyMemory<byte> payload, SpiffeId signer, string? keyId) =>
        new(JwsFailure.None, $"JWS verified, signed by {signer}", payload, signer, keyId, ValidationFailure.None);

    internal static JwsVerificationResult Invalid(JwsFailure failure, string message, ValidationFailure signerFailure = ValidationFailure.None) =>
        new(failure, message, ReadOnlyMemory<byte>.Empty, null, null, signerFailure);

    public override string ToString() => IsValid ? Message : $"{Failure}: {Message}";
}
