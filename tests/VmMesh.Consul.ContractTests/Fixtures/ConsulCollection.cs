namespace VmMesh.Consul.ContractTests.Fixtures;

/// <summary>All contract tests share one Consul; each test uses its own names (see <see cref="ConsulFixture.UniqueName"/>).</summary>
[CollectionDefinition(Name)]
public sealed class ConsulCollection : ICollectionFixture<ConsulFixture>
{
    public const string Name = "consul";
}
