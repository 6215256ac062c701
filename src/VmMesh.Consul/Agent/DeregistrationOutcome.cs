namespace VmMesh.Consul.Agent;

/// <summary>
/// What a deregistration found: modern Consul answers 404 for an unknown ID, older versions do nothing; both mean
/// the desired state holds, so neither is an error.
/// </summary>
public enum DeregistrationOutcome
{
    Deregistered,
    AlreadyGone,
}
