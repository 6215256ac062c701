using VmMesh.Installers.Tests.Support;

namespace VmMesh.Installers.Tests.Deb;

/// <summary>One Debian root with all three debs freshly installed, shared by tests that only look (contents, units).</summary>
public sealed class InstalledRootFixture : IAsyncLifetime
{
    private DebianRoot? _root;

    public DebianRoot Root => _root ?? throw new InvalidOperationException("the fixture is not initialised");

    public async Task InitializeAsync()
    {
        _root = await DebianRoot.CreateAsync();
        await Debs.InstallAsync(_root, Debs.Cli, Debs.Sidecar, Debs.PolicyServer);
    }

    public Task DisposeAsync()
    {
        _root?.Dispose();
        return Task.CompletedTask;
    }
}
