using VmMesh.Testing;
using System.Globalization;

namespace VmMesh.Cli.Tests.Support;

/// <summary>
/// The real <c>vmmesh-policy-server --dev</c> as a child process (its own dev Consul on a free port, a fresh CA and
/// admin token in a temporary data directory), shared by the end-to-end tests of the "PolicyServer" collection, and
/// a way to run the real <c>vmmesh</c> executable against it.
/// </summary>
public sealed class PolicyServerProcess : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "vmmesh-cli-e2e-" + Guid.NewGuid().ToString("N"));
    private ChildProcess? _server;

    public string Url { get; private set; } = string.Empty;

    public string CaFile => Path.Combine(_dataDir, "ca.pem");

    public string TokenFile => Path.Combine(_dataDir, "admin-token");

    public string DataDir => _dataDir;

    public async Task InitializeAsync()
    {
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        Url = $"https://127.0.0.1:{port}";
        _server = ChildProcess.StartDotnet(
            RepoPaths.Executable("VmMesh.PolicyServer", "vmmesh-policy-server"),
            ["--dev", "--data-dir", _dataDir, "--listen", Url, "--dev-consul-port", "0"]);
        await _server.WaitForOutputAsync("vmmesh-policy-server listening on", StartTimeout);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    /// <summary>Runs <c>vmmesh args…</c> against this server (server URL and trust bundle from the environment).</summary>
    public Task<CliRun> VmmeshAsync(params string[] args) => VmmeshAsync(args, admin: true);

    /// <summary>Runs <c>vmmesh</c>; with <paramref name="admin"/> the admin token file is passed with --token-file.</summary>
    public async Task<CliRun> VmmeshAsync(string[] args, bool admin, IDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["VMMESH_SERVER"] = Url,
            ["VMMESH_CA_FILE"] = CaFile,
        };
        var all = admin ? args.Concat(["--token-file", TokenFile]) : args;
        await using var process = ChildProcess.StartDotnet(RepoPaths.Executable("VmMesh.Cli", "vmmesh"), all, variables);
        var exitCode = await process.WaitForExitAsync(CommandTimeout);
        return new CliRun(exitCode, process.Stdout, process.Stderr);
    }
}

[CollectionDefinition(Name)]
public sealed class PolicyServerCollection : ICollectionFixture<PolicyServerProcess>
{
    public const string Name = "PolicyServer";
}
