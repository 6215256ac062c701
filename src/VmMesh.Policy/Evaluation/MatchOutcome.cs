namespace VmMesh.Policy.Evaluation;

/// <summary>A matcher's result. <see cref="Undecided"/> means a regular expression timed out; callers fail closed.</summary>
internal enum MatchOutcome
{
    NoMatch = 0,
    Match = 1,
    Undecided = 2,
}
