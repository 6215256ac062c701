// `vmmesh ca roots|rotate`: the mesh CA's roots, and starting a root rotation.
using System.CommandLine;
using VmMesh.Cli.Common;
using VmMesh.PolicyServer.Client.Ca;
using VmMesh.PolicyServer.Client.Json;

namespace VmMesh.Cli.Ca;

/// <summary>The <c>ca</c> command group.</summary>
internal static class CaCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var common = new CommonOptions();
        var command = new Command("ca", "Inspect the mesh CA's roots and rotate them.");
        common.AddTo(command);
        command.Subcommands.Add(CreateRoots(common, environment));
        command.Subcommands.Add(CreateRotate(common, environment));
        return command;
    }

    private static Command CreateRoots(CommonOptions common, CliEnvironment environment)
    {
        var pem = new Option<bool>("--pem") { Description = "Print the roots as PEM (what ca.pem holds) instead of a table." };
        var command = new Command("roots", "Show the roots every mesh certificate must chain to.") { pem };
        CommandRunner.SetAction(command, common, environment, async (parseResult, context, cancellationToken) =>
        {
            using var client = context.CreateClient(admin: false);
            if (parseResult.GetValue(pem))
            {
                context.Environment.Out.Write(await client.GetRootsPemAsync(cancellationToken));
                return ExitCodes.Success;
            }

            Print(context, await client.GetRootsAsync(cancellationToken));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateRotate(CommonOptions common, CliEnvironment environment)
    {
        var command = new Command("rotate", "Start a root rotation: a new root, cross-signed by the current one, becomes active (admin).");
        CommandRunner.SetAction(command, common, environment, async (_, context, cancellationToken) =>
        {
            using var client = context.CreateClient(admin: true);
            var roots = await client.RotateAsync(cancellationToken);
            Print(context, roots);
            if (!context.Json)
            {
                context.Note($"Rotated: new leaves are signed by {roots.ActiveRootId}; the previous root stays trusted until the last leaf it signed has expired.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(CommandContext context, RootsResponse roots)
    {
        if (context.Json)
        {
            context.WriteJson(roots, PolicyServerJson.Strict.RootsResponse);
            return;
        }

        var table = context.CreateTable("ID", "ACTIVE", "NOT BEFORE", "NOT AFTER", "CROSS-SIGNED");
        foreach (var root in roots.Roots.OrderByDescending(r => r.Active).ThenByDescending(r => r.NotBefore))
        {
            CommandContext.AddRow(
                table,
                root.Id,
                root.Active ? "yes" : "no",
                CliText.Time(root.NotBefore),
                CliText.Time(root.NotAfter),
                root.CrossSignedPem is null ? "no" : "yes");
        }

        context.Write(table);
        context.Note($"Trust domain {roots.TrustDomain}; roots index {CliText.Number(roots.Index)}.");
    }
}
