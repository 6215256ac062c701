namespace VmMesh.Consul.Dev.Filtering;

/// <summary>The match operators of bexpr.</summary>
internal enum MatchOperator
{
    Equal,
    NotEqual,
    In,
    NotIn,
    IsEmpty,
    IsNotEmpty,
    Matches,
    NotMatches,
}
