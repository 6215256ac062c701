using System.CommandLine;
using VmMesh.Cli.Common;
using VmMesh.Policy.Validation;

namespace VmMesh.Cli.Intentions;

/// <summary>
/// <c>vmmesh intention apply -f FILE</c>: writes a whole intentions document (L7 permissions included). The file is
/// validated locally with the same parser the server and sidecars use, and every error is printed before anything
/// is sent.
/// </summary>
internal static class IntentionApplyCommand
{
    public static Command Create(CommonOptions common, CliEnvironment environment)
    {
        var file = new Option<string>("--file", "-f")
        {
            Description = "The intentions document (JSON): {\"destination\": \"api\", \"sources\": [...]}.",
            HelpName = "FILE",
            Required = true,
        };
        var command = new Command("apply", "Write a destination's whole intentions document from a file (replaces it).") { file };
        CommandRunner.SetAction(command, common, environment, async (parseResult, context, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!;
            var text = CommandContext.ReadFile(path, "intentions file", "pass an existing file with -f");
            var parsed = IntentionDocumentParser.Parse(text);
            if (parsed.Value is not { } document)
            {
                foreach (var error in parsed.Errors)
                {
                    context.Note($"vmmesh: {path}: {error}");
                }

                throw CliFailure.Usage($"{path} has {CliText.Number(parsed.Errors.Count)} error(s); nothing was sent, fix them and run again");
            }

            using var client = context.CreateClient(admin: true);
            var written = await client.PutIntentionAsync(document, cas: null, cancellationToken);
            if (context.Json)
            {
                context.WriteJson(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("destination", document.Destination);
                    writer.WriteNumber("version", written.Version.Value);
                    writer.WriteEndObject();
                });
            }
            else
            {
                context.WriteLine($"Applied intentions for {document.Destination} ({CliText.Number(document.Sources.Count)} source(s), version {written.Version}).");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
