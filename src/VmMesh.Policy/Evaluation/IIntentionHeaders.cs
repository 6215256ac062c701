using System.Diagnostics.CodeAnalysis;

namespace VmMesh.Policy.Evaluation;

/// <summary>
/// Read access to request headers for header matchers, so the sidecar can wrap its own header collection without
/// copying it on every request.
/// </summary>
public interface IIntentionHeaders
{
    /// <summary>
    /// Finds a header by name, ignoring case. A header sent more than once must be returned as its values joined
    /// with "," (as Envoy does), so one matcher sees the whole field.
    /// </summary>
    bool TryGetValue(string name, [NotNullWhen(true)] out string? value);
}
