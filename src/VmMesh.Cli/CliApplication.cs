using System.CommandLine;
using VmMesh.Cli.Audit;
using VmMesh.Cli.Ca;
using VmMesh.Cli.Common;
using VmMesh.Cli.Dev;
using VmMesh.Cli.Intentions;
using VmMesh.Cli.Tokens;

namespace VmMesh.Cli;

/// <summary>Builds the command tree and runs it. Data goes to stdout, diagnostics to stderr.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = BuildRootCommand();
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await Console.Error.WriteLineAsync($"vmmesh: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Run 'vmmesh --help' for usage.");
            return ExitCodes.InvalidArguments;
        }

        return await parseResult.InvokeAsync();
    }

    internal static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("VmMesh: the service mesh for VMs and bare metal.");
        root.Subcommands.Add(DevCommand.Create());
        root.Subcommands.Add(TokenCommand.Create(CliEnvironment.System));
        root.Subcommands.Add(IntentionCommand.Create(CliEnvironment.System));
        root.Subcommands.Add(CaCommand.Create(CliEnvironment.System));
        root.Subcommands.Add(AuditCommand.Create(CliEnvironment.System, TimeProvider.System));
        ExitCodesHelp.AddTo(root);
        return root;
    }
}
