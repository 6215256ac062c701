namespace VmMesh.Policy.Model;

/// <summary>What an intention or permission does with a matching request. Written as "allow" / "deny" in JSON.</summary>
public enum IntentionAction
{
    /// <summary>Refuse the connection or request (the safe default, so it is the zero value).</summary>
    Deny = 0,

    /// <summary>Let the connection or request through.</summary>
    Allow = 1,
}
