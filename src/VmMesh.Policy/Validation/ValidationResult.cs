namespace VmMesh.Policy.Validation;

/// <summary>
/// The outcome of parsing or validating: a value when there are no errors, otherwise every error found (not just
/// the first), each a full sentence naming the entity, the key path, the bad value and the fix.
/// </summary>
/// <typeparam name="T">What was parsed or built.</typeparam>
public sealed class ValidationResult<T>
    where T : class
{
    private ValidationResult(T? value, IReadOnlyList<string> errors)
    {
        Value = value;
        Errors = errors;
    }

    /// <summary>The result; null when <see cref="Errors"/> is not empty.</summary>
    public T? Value { get; }

    /// <summary>Every problem found, in document order.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>True when there are no errors and <see cref="Value"/> is set.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>A success.</summary>
    internal static ValidationResult<T> Success(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), []);

    /// <summary>A failure; <paramref name="errors"/> must not be empty.</summary>
    internal static ValidationResult<T> Failure(IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("a failure needs at least one error", nameof(errors));
        }

        return new(null, errors);
    }

    /// <summary>The value, or an exception whose message lists every error (one per line).</summary>
    public T GetValueOrThrow() =>
        Value ?? throw new InvalidOperationException(string.Join(Environment.NewLine, Errors));
}
