namespace VmMesh.Consul.Sessions;

/// <summary>What happens to a session's locked keys when it is invalidated.</summary>
public enum SessionBehavior
{
    Release,
    Delete,
}
