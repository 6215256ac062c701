using System.CommandLine;
using Microsoft.Extensions.Time.Testing;
using VmMesh.Cli.Audit;
using VmMesh.Cli.Ca;
using VmMesh.Cli.Common;
using VmMesh.Cli.Intentions;
using VmMesh.Cli.Tokens;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Spiffe;
using VmMesh.PolicyServer.Client;

namespace VmMesh.Cli.Tests.Support;

/// <summary>
/// Runs the policy-server commands in-process, as CliApplication.RunAsync does (parse errors → stderr and exit 2),
/// with captured stdout/stderr, a fake environment and a client over <see cref="FakePolicyServer"/>.
/// </summary>
public sealed class CliHarness : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<string> SharedCaFile = new(CreateCaFile);

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("vmmesh-cli-").FullName;

    public CliHarness()
    {
        Variables["VMMESH_CA_FILE"] = CaFile;
        Variables["VMMESH_ADMIN_TOKEN"] = AdminToken;
    }

    public const string AdminToken = "admin-s3cret-token";

    /// <summary>A real mesh root (trust domain mesh.test) in PEM.</summary>
    public static string CaFile => SharedCaFile.Value;

    public FakePolicyServer Server { get; } = new();

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public FakeTimeProvider Time { get; } = new(Now);

    /// <summary>The options of the last client a command built.</summary>
    public PolicyServerClientOptions? LastOptions { get; private set; }

    public string Directory => _directory;

    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public async Task<CliRun> RunAsync(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var environment = new CliEnvironment
        {
            Out = stdout,
            Error = stderr,
            IsOutputRedirected = true,
            GetVariable = name => Variables.TryGetValue(name, out var value) ? value : null,
            CreateClient = options =>
            {
                LastOptions = options;
                return new PolicyServerClient(options, Server);
            },
        };
        var root = new RootCommand("test")
        {
            TokenCommand.Create(environment),
            IntentionCommand.Create(environment),
            CaCommand.Create(environment),
            AuditCommand.Create(environment, Time),
        };
        ExitCodesHelp.AddTo(root);
        var parseResult = root.Parse(args);
        int exitCode;
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await stderr.WriteLineAsync($"vmmesh: {error.Message}");
            }

            exitCode = ExitCodes.InvalidArguments;
        }
        else
        {
            exitCode = await parseResult.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }).WaitAsync(TimeSpan.FromSeconds(30));
        }

        var run = new CliRun(exitCode, stdout.ToString(), stderr.ToString());
        Assert.DoesNotContain(AdminToken, run.Stdout + run.Stderr, StringComparison.Ordinal);
        return run;
    }

    public void Dispose()
    {
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    private static string CreateCaFile()
    {
        using var root = RootCertificateFactory.Create(TrustDomain.Parse("mesh.test"), TimeProvider.System, new Random(5));
        var path = Path.Combine(Path.GetTempPath(), $"vmmesh-cli-tests-ca-{Environment.ProcessId}.pem");
        File.WriteAllText(path, root.ExportCertificatePem());
        return path;
    }
}

/// <summary>What a command run produced.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
