using VmMesh.Policy.Json;
using VmMesh.Policy.Model;

namespace VmMesh.Policy.Validation;

/// <summary>
/// Validates a document built in code with exactly the rules and messages used for JSON input, by writing it out
/// (keeping the caller's order, so indexes in messages are the caller's) and parsing it strictly.
/// </summary>
public static class IntentionValidator
{
    /// <summary>Every problem with <paramref name="document"/>, or an empty list.</summary>
    public static IReadOnlyList<string> Validate(IntentionDocument document) => Check(document).Errors;

    /// <summary>The document as the parser would have produced it (normalized lists), or every problem.</summary>
    public static ValidationResult<IntentionDocument> Check(IntentionDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return IntentionDocumentParser.Parse(IntentionDocumentWriter.ToOrderPreservingJson(document));
    }
}
