// The evaluator: an immutable snapshot of all intentions, compiled once and swapped whole when anything changes.
// Data flow: validated documents → per-destination tables (source → compiled rule, precomputed decisions and
// regexes) → Evaluate does at most four dictionary lookups in precedence order and returns a precomputed decision.
//
// Algorithm (Consul service-intentions, reference §2.1/§2.4):
//  1. The deciding intention is the most specific one whose source and destination match, in precedence order
//     9 (src→dst), 8 (*→dst), 6 (src→*), 5 (*→*). Within one destination each source appears once and
//     destinations are unique, so two intentions never share a precedence for the same pair: "deny wins ties"
//     can only matter when validation is bypassed, and then DestinationTable keeps deny, then L7, then allow.
//  2. L4 intention → its action.
//  3. L7 intention → with no HTTP information, deny; otherwise its permissions top to bottom, first match wins;
//     if none matches, the mesh default action (Consul falls to the default policy; we never fall through to a
//     less specific intention).
//  4. No intention → the mesh default action (deny unless configured otherwise).
using VmMesh.Policy.Model;
using VmMesh.Policy.Validation;

namespace VmMesh.Policy.Evaluation;

/// <summary>An immutable, thread-safe, compiled set of intentions with its version and mesh defaults.</summary>
public sealed class IntentionSet
{
    private readonly Dictionary<string, DestinationTable> _byDestination;
    private readonly DestinationTable? _anyDestination;
    private readonly IntentionDecision _defaultDecision;

    private IntentionSet(IReadOnlyList<IntentionDocument> documents, MeshDefaults defaults, IntentionVersion version, TimeSpan matchTimeout)
    {
        Documents = documents;
        Defaults = defaults;
        Version = version;
        _byDestination = new Dictionary<string, DestinationTable>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            DestinationTable table;
            if (document.Destination == IntentionNames.Wildcard)
            {
                table = _anyDestination ??= new DestinationTable();
            }
            else if (!_byDestination.TryGetValue(document.Destination, out table!))
            {
                table = new DestinationTable();
                _byDestination.Add(document.Destination, table);
            }

            foreach (var source in document.Sources)
            {
                table.Add(new CompiledRule(document.Destination, source, defaults, matchTimeout));
            }
        }

        var action = IntentionDecisionTexts.Action(defaults.DefaultAction);
        _defaultDecision = new IntentionDecision(
            defaults.DefaultAction == IntentionAction.Allow,
            $"{(defaults.DefaultAction == IntentionAction.Allow ? "allowed" : "denied")}: no intention matches, so the mesh default action {action} applies",
            null,
            DecisionBasis.MeshDefault);
    }

    /// <summary>The documents, sorted by destination.</summary>
    public IReadOnlyList<IntentionDocument> Documents { get; }

    /// <summary>The mesh defaults used when no intention decides.</summary>
    public MeshDefaults Defaults { get; }

    /// <summary>The snapshot's version; shards compiled from it carry it.</summary>
    public IntentionVersion Version { get; }

    /// <summary>A set with no intentions: everything gets the default action.</summary>
    public static IntentionSet Empty(MeshDefaults defaults, IntentionVersion version = default)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return new IntentionSet([], defaults, version, IntentionRegex.DefaultMatchTimeout);
    }

    /// <summary>
    /// Validates every document (all errors collected, with the same messages as the JSON parser), rejects a
    /// destination given by more than one document, and compiles the set.
    /// </summary>
    public static ValidationResult<IntentionSet> Create(IEnumerable<IntentionDocument> documents, MeshDefaults defaults, IntentionVersion version)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(defaults);
        var errors = new List<string>();
        if (version.Value < 0)
        {
            errors.Add($"intention set: version {version} is negative; versions start at 0 and only rise");
        }

        if (!Enum.IsDefined(defaults.DefaultAction))
        {
            errors.Add($"intention set: defaultAction {(int)defaults.DefaultAction} is not allow or deny; use IntentionAction.Allow or IntentionAction.Deny");
        }

        var valid = new List<IntentionDocument>();
        foreach (var document in documents)
        {
            var checkedDocument = IntentionValidator.Check(document);
            if (checkedDocument.Value is { } value)
            {
                valid.Add(value);
            }
            else
            {
                errors.AddRange(checkedDocument.Errors);
            }
        }

        foreach (var group in valid.GroupBy(d => d.Destination, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"intentions for \"{group.Key}\": destination is given by {group.Count()} documents; merge them into one document");
        }

        return errors.Count > 0
            ? ValidationResult<IntentionSet>.Failure(errors)
            : ValidationResult<IntentionSet>.Success(CompileUnchecked(valid, defaults, version));
    }

    /// <summary>Compiles without validating. Only for documents that already passed validation, and for tests of tie-breaking.</summary>
    internal static IntentionSet CompileUnchecked(IEnumerable<IntentionDocument> documents, MeshDefaults defaults, IntentionVersion version, TimeSpan? matchTimeout = null) =>
        new([.. documents.OrderBy(d => d.Destination, StringComparer.Ordinal)], defaults, version, matchTimeout ?? IntentionRegex.DefaultMatchTimeout);

    /// <summary>The document for <paramref name="destination"/> (a service name or <c>*</c>), or null.</summary>
    public IntentionDocument? GetDocument(string destination) =>
        Documents.FirstOrDefault(d => string.Equals(d.Destination, destination, StringComparison.Ordinal));

    /// <summary>Decides <paramref name="request"/>. Pure and allocation-free: every possible decision is precomputed.</summary>
    public IntentionDecision Evaluate(in IntentionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request.Source);
        ArgumentNullException.ThrowIfNull(request.Destination);
        CompiledRule? rule = null;
        if (_byDestination.TryGetValue(request.Destination, out var table))
        {
            rule = table.Find(request.Source);
        }

        rule ??= _anyDestination?.Find(request.Source);
        return rule is null ? _defaultDecision : rule.Decide(request);
    }
}
