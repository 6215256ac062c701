using System.Diagnostics.CodeAnalysis;
using VmMesh.Identity.Spiffe;

namespace VmMesh.Identity.Validation;

/// <summary>The verified peer identity, or the failure code and a message that names the cause and the fix.</summary>
public sealed class ValidationResult
{
    private ValidationResult(SpiffeId? identity, ValidationFailure failure, string message)
    {
        Identity = identity;
        Failure = failure;
        Message = message;
    }

    [MemberNotNullWhen(true, nameof(Identity))]
    public bool IsValid => Failure == ValidationFailure.None;

    public SpiffeId? Identity { get; }

    public ValidationFailure Failure { get; }

    public string Message { get; }

    public static ValidationResult Valid(SpiffeId identity) =>
        new(identity ?? throw new ArgumentNullException(nameof(identity)), ValidationFailure.None, $"certificate verified for {identity}");

    public static ValidationResult Invalid(ValidationFailure failure, string message)
    {
        if (failure == ValidationFailure.None)
        {
            throw new ArgumentException("An invalid result needs a failure code other than None", nameof(failure));
        }

        return new ValidationResult(null, failure, message);
    }

    public override string ToString() => IsValid ? Message : $"{Failure}: {Message}";
}
