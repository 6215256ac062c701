using VmMesh.PolicyServer.Client.Tests.Support;
using VmMesh.PolicyServer.Client.Trust;

namespace VmMesh.PolicyServer.Client.Tests.Client;

/// <summary>One CA for the client tests (root generation is the slow part).</summary>
internal static class ClientFixture
{
    private static readonly Lazy<TestPki> SharedPki = new(() => new TestPki());

    public static TestPki Pki => SharedPki.Value;

    public static PolicyServerTrust Trust => Pki.Trust;

    public static PolicyServerClient Create(FakeHandler handler, string? adminToken = "admin-secret", TimeProvider? time = null, TimeSpan? timeout = null) =>
        new(
            new PolicyServerClientOptions
            {
                ServerAddress = new Uri("https://policy.test:8443"),
                Trust = Trust,
                AdminToken = adminToken,
                TimeProvider = time ?? TimeProvider.System,
                RequestTimeout = timeout ?? TimeSpan.FromSeconds(30),
            },
            handler);
}
