namespace VmMesh.Sidecar.Admin;

/// <summary>What the admin endpoints report that is not in another store: readiness and the bound ports.</summary>
internal sealed class AdminState
{
    private volatile bool _ready;

    public bool Ready
    {
        get => _ready;
        set => _ready = value;
    }

    public int InboundPort { get; set; }

    public int OutboundPort { get; set; }
}
