using System.Diagnostics.CodeAnalysis;

namespace VmMesh.Policy.Evaluation;

/// <summary>A simple <see cref="IIntentionHeaders"/> built from name/value pairs (for the check API, the CLI and tests).</summary>
public sealed class IntentionHeaders : IIntentionHeaders
{
    private readonly Dictionary<string, string> _values;

    /// <summary>Joins repeated names with "," in the order given.</summary>
    public IntentionHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        _values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            _values[name] = _values.TryGetValue(name, out var earlier) ? $"{earlier},{value}" : value;
        }
    }

    /// <summary>No headers.</summary>
    public static IntentionHeaders Empty { get; } = new([]);

    /// <summary>Headers from a dictionary.</summary>
    public static IntentionHeaders From(IReadOnlyDictionary<string, string> headers) => new(headers);

    /// <inheritdoc />
    public bool TryGetValue(string name, [NotNullWhen(true)] out string? value) => _values.TryGetValue(name, out value);
}
