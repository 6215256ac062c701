namespace VmMesh.Policy.Evaluation;

/// <summary>Why a decision came out the way it did (for metrics, logs and the x-vmmesh-error reason).</summary>
public enum DecisionBasis
{
    /// <summary>No intention matched the pair; the mesh default action applied.</summary>
    MeshDefault = 0,

    /// <summary>The deciding intention is L4 and its action applied.</summary>
    L4Action = 1,

    /// <summary>A permission of the deciding L7 intention matched and its action applied.</summary>
    Permission = 2,

    /// <summary>The deciding intention is L7 and no permission matched; the mesh default action applied (Consul semantics).</summary>
    NoMatchingPermission = 3,

    /// <summary>The deciding intention is L7 and the request carries no HTTP information; denied.</summary>
    NotHttp = 4,

    /// <summary>A deny permission's regular expression timed out, so it was treated as matching.</summary>
    FailedClosed = 5,
}
