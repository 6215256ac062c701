using System.CommandLine;
using VmMesh.Cli.Common;
using VmMesh.Policy.Explanation;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Client.Json;

namespace VmMesh.Cli.Intentions;

/// <summary>The <c>intention</c> command group: allow, deny, delete, list, get, apply, check.</summary>
internal static class IntentionCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var common = new CommonOptions();
        var command = new Command("intention", "Manage intentions: which services may call which (admin).");
        common.AddTo(command);
        command.Subcommands.Add(CreateEdit("allow", IntentionAction.Allow, "Allow SOURCE to call DESTINATION (L4; replaces any L7 permissions of that pair).", common, environment));
        command.Subcommands.Add(CreateEdit("deny", IntentionAction.Deny, "Deny SOURCE calling DESTINATION (L4; replaces any L7 permissions of that pair).", common, environment));
        command.Subcommands.Add(CreateEdit("delete", null, "Delete the intention SOURCE -> DESTINATION (the mesh default then applies).", common, environment));
        command.Subcommands.Add(CreateList(common, environment));
        command.Subcommands.Add(CreateGet(common, environment));
        command.Subcommands.Add(IntentionApplyCommand.Create(common, environment));
        command.Subcommands.Add(IntentionCheckCommand.Create(common, environment));
        return command;
    }

    private static Command CreateEdit(string name, IntentionAction? action, string description, CommonOptions common, CliEnvironment environment)
    {
        var source = ServiceNameArguments.Source();
        var destination = ServiceNameArguments.Destination();
        var command = new Command(name, description) { source, destination };
        CommandRunner.SetAction(command, common, environment, async (parseResult, context, cancellationToken) =>
        {
            var from = parseResult.GetValue(source)!;
            var to = parseResult.GetValue(destination)!;
            using var client = context.CreateClient(admin: true);
            var edit = await IntentionEditor.EditAsync(client, from, to, action, cancellationToken);
            if (action is not null && edit.Previous?.Permissions is { Count: > 0 } replaced)
            {
                context.Note($"Replaced {replaced.Count} L7 permission(s) of {from} -> {to}.");
            }

            var result = action is { } set ? Action(set) : "deleted";
            if (context.Json)
            {
                context.WriteJson(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("source", from);
                    writer.WriteString("destination", to);
                    writer.WriteString("result", result);
                    writer.WriteNumber("version", edit.Version.Value);
                    writer.WriteEndObject();
                });
            }
            else
            {
                context.WriteLine($"Intention {from} -> {to}: {result} (version {edit.Version}).");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateList(CommonOptions common, CliEnvironment environment)
    {
        var command = new Command("list", "List every intention.");
        CommandRunner.SetAction(command, common, environment, async (_, context, cancellationToken) =>
        {
            using var client = context.CreateClient(admin: true);
            var list = await client.ListIntentionsAsync(cancellationToken);
            if (context.Json)
            {
                context.WriteJson(list, PolicyServerJson.Strict.IntentionListResponse);
                return ExitCodes.Success;
            }

            var table = context.CreateTable("SOURCE", "DESTINATION", "ACTION", "DESCRIPTION");
            foreach (var document in list.Documents.OrderBy(d => d.Destination, StringComparer.Ordinal))
            {
                foreach (var source in document.Sources.OrderBy(s => s.Name, StringComparer.Ordinal))
                {
                    CommandContext.AddRow(table, source.Name, document.Destination, Summary(source), source.Description ?? string.Empty);
                }
            }

            context.Write(table);
            context.Note($"Intentions version {list.Version}; mesh default action: {Action(list.DefaultAction)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateGet(CommonOptions common, CliEnvironment environment)
    {
        var destination = ServiceNameArguments.Destination();
        var command = new Command("get", "Show the intentions of one destination, with L7 permissions.") { destination };
        CommandRunner.SetAction(command, common, environment, async (parseResult, context, cancellationToken) =>
        {
            var to = parseResult.GetValue(destination)!;
            using var client = context.CreateClient(admin: true);
            var response = await client.GetIntentionAsync(to, cancellationToken)
                ?? throw new CliFailure(ExitCodes.ServerRefused, $"there are no intentions for {to}; create them with 'vmmesh intention allow SOURCE {to}' or 'vmmesh intention apply -f FILE'");
            if (context.Json)
            {
                context.WriteJson(response, PolicyServerJson.Strict.IntentionResponse);
                return ExitCodes.Success;
            }

            var table = context.CreateTable("SOURCE", "RULE", "ACTION", "MATCH");
            foreach (var source in response.Document.Sources)
            {
                if (source.Permissions is { } permissions)
                {
                    for (var i = 0; i < permissions.Count; i++)
                    {
                        CommandContext.AddRow(table, source.Name, $"permissions[{CliText.Number(i)}]", Action(permissions[i].Action), IntentionExplainer.Describe(permissions[i]));
                    }
                }
                else
                {
                    CommandContext.AddRow(table, source.Name, "L4", Action(source.Action ?? IntentionAction.Deny), "any connection");
                }
            }

            context.Write(table);
            context.Note($"Intentions for {to}, version {response.Version}.");
            return ExitCodes.Success;
        });
        return command;
    }

    internal static string Action(IntentionAction action) => action == IntentionAction.Allow ? "allow" : "deny";

    private static string Summary(IntentionSource source) => source.Permissions is { } permissions
        ? $"L7 ({CliText.Number(permissions.Count)} permission{(permissions.Count == 1 ? string.Empty : "s")})"
        : Action(source.Action ?? IntentionAction.Deny);
}
