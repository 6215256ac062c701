namespace VmMesh.PolicyServer.Tests.Support;

/// <summary>A server of its own (rotation changes the CA) with 2-minute leaves, so pruning is due soon on the fake clock.</summary>
public sealed class RotationFixture : ServerFixture
{
    internal override TimeSpan LeafTtl => TimeSpan.FromMinutes(2);
}
