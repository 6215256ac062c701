namespace VmMesh.PolicyServer.Tests.Support;

/// <summary>A server of its own with 10-minute leaves, so its own signing certificate renews within minutes on the fake clock.</summary>
public sealed class ShortLeafFixture : ServerFixture
{
    internal override TimeSpan LeafTtl => TimeSpan.FromMinutes(10);
}
