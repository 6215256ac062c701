using VmMesh.Testing;
using System.Text.RegularExpressions;
using VmMesh.Identity.Authority;
using VmMesh.PolicyServer.Tests.Support;

namespace VmMesh.PolicyServer.Tests.EndToEnd;

/// <summary>The real executable: --dev start-up output and files, and argument/start-up errors with their exit codes.</summary>
public sealed partial class ProgramTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("vmmesh-ps-program-").FullName;
    private readonly List<ChildProcess> _processes = [];

    [Fact]
    public async Task Dev_PrintsConsulAddressAndAdminTokenOnce_WritesToken0600AndCaPem_ServesHttps()
    {
        var dataDir = Path.Combine(_root, "dev");
        var process = Start("--dev", "--dev-consul-port", "0", "--listen", "https://127.0.0.1:0", "--data-dir", dataDir);

        var listening = await process.WaitForOutputAsync("listening on https://", TimeSpan.FromSeconds(120));
        var tokenLine = await process.WaitForOutputAsync("Admin token", TimeSpan.FromSeconds(30));

        Assert.Matches(@"^Dev Consul listening on http://127\.0\.0\.1:\d+/$", process.Stdout.Split('\n')[0]);
        var token = tokenLine[(tokenLine.LastIndexOf(' ') + 1)..];
        Assert.Equal(token, (await File.ReadAllTextAsync(Path.Combine(dataDir, "admin-token"))).Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dataDir, "admin-token")));
        Assert.Single(process.Stdout.Split('\n'), l => l.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(token, process.Stderr, StringComparison.Ordinal);
        var bundle = TrustBundle.FromPem(ServerFixture.TrustDomain, await File.ReadAllTextAsync(Path.Combine(dataDir, "ca.pem")));
        using var client = new ApiClient(new Uri(Address().Match(listening).Value), () => bundle, TimeProvider.System);
        var health = await client.GetAsync("/v1/health");
        Assert.Equal(200, health.Status);
        Assert.Equal(200, (await client.GetAsync("/v1/tokens", token)).Status);
        Assert.Contains(client.ServerCertificate!.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames(), n => n == "localhost");
    }

    [Fact]
    public async Task BadArguments_ListsEveryErrorAndExits2()
    {
        var process = Start("--listen", "http://x", "--leaf-ttl", "soon");

        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.Contains("vmmesh-policy-server: --listen \"http://x\" is not an https:// URL with host and port; use e.g. https://0.0.0.0:8443", process.Stderr, StringComparison.Ordinal);
        Assert.Contains("vmmesh-policy-server: --leaf-ttl \"soon\" is not a duration; use e.g. \"15s\", \"5m\" or \"24h\"", process.Stderr, StringComparison.Ordinal);
        Assert.Contains("vmmesh-policy-server: --kek-file is required without --dev", process.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingKekFile_ExplainsTheFixAndExits1()
    {
        var kek = Path.Combine(_root, "no-kek");
        var process = Start("--kek-file", kek, "--data-dir", Path.Combine(_root, "prod"), "--consul", "http://127.0.0.1:1");

        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exit);
        Assert.Contains($"vmmesh-policy-server: KEK file {kek} does not exist; create one with: head -c 32 /dev/urandom > {kek} && chmod 600 {kek}", process.Stderr, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    private ChildProcess Start(params string[] args)
    {
        var process = ChildProcess.StartDotnet(RepoPaths.Executable("VmMesh.PolicyServer", "vmmesh-policy-server"), args);
        _processes.Add(process);
        return process;
    }

    [GeneratedRegex(@"https://127\.0\.0\.1:\d+/")]
    private static partial Regex Address();
}
