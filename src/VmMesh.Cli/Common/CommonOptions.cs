using System.CommandLine;

namespace VmMesh.Cli.Common;

/// <summary>
/// The switches every policy-server command takes: <c>--server</c>, <c>--ca-file</c>, <c>--token-file</c>, <c>-o</c>.
/// Added to a command group as recursive options, so they work after any of its subcommands.
/// </summary>
internal sealed class CommonOptions
{
    public const string DefaultServer = "https://127.0.0.1:8443";
    public const string DefaultCaFile = "/etc/vmmesh/ca.pem";
    public const string ServerVariable = "VMMESH_SERVER";
    public const string CaFileVariable = "VMMESH_CA_FILE";
    public const string AdminTokenVariable = "VMMESH_ADMIN_TOKEN";

    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"Policy server URL (default {DefaultServer}; also {ServerVariable}).",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string?> CaFile { get; } = new("--ca-file")
    {
        Description = $"Trust bundle (PEM) the server's certificate must chain to (default {DefaultCaFile}; also {CaFileVariable}).",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<string?> TokenFile { get; } = new("--token-file")
    {
        Description = $"File holding the admin token (otherwise {AdminTokenVariable}).",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<string> Output { get; } = CreateOutputOption();

    /// <summary>Adds the switches to a command group.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Server);
        command.Options.Add(CaFile);
        command.Options.Add(TokenFile);
        command.Options.Add(Output);
    }

    /// <summary>Resolves switches, environment and defaults, in that order.</summary>
    public CommandContext Resolve(ParseResult parseResult, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(environment);
        var server = NonEmpty(parseResult.GetValue(Server)) ?? NonEmpty(environment.GetVariable(ServerVariable)) ?? DefaultServer;
        var caFile = NonEmpty(parseResult.GetValue(CaFile)) ?? NonEmpty(environment.GetVariable(CaFileVariable)) ?? DefaultCaFile;
        var output = parseResult.GetValue(Output) == "json" ? OutputFormat.Json : OutputFormat.Table;
        return new CommandContext(environment, server, caFile, NonEmpty(parseResult.GetValue(TokenFile)), output);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Option<string> CreateOutputOption()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "Output format: table (default) or json (for scripts).",
            HelpName = "table|json",
            DefaultValueFactory = _ => "table",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("table", "json");
        return option;
    }
}
