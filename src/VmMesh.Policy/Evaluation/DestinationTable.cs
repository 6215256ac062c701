namespace VmMesh.Policy.Evaluation;

/// <summary>The rules of one destination (or of <c>*</c>), indexed by source for one dictionary lookup.</summary>
internal sealed class DestinationTable
{
    private readonly Dictionary<string, CompiledRule> _bySource = new(StringComparer.Ordinal);
    private CompiledRule? _anySource;

    /// <summary>Adds a rule; when the pair already has one (validation bypassed), the one that wins the tie stays.</summary>
    public void Add(CompiledRule rule)
    {
        if (rule.Source == Model.IntentionNames.Wildcard)
        {
            _anySource = Better(_anySource, rule);
        }
        else
        {
            _bySource[rule.Source] = Better(_bySource.GetValueOrDefault(rule.Source), rule);
        }
    }

    /// <summary>The exact-source rule, else the <c>*</c> rule, else null. A request source of "*" matches only the <c>*</c> rule.</summary>
    public CompiledRule? Find(string source) =>
        _bySource.TryGetValue(source, out var rule) ? rule : _anySource;

    private static CompiledRule Better(CompiledRule? held, CompiledRule candidate) =>
        held is null || candidate.TieRank < held.TieRank ? candidate : held;
}
