using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace VmMesh.Cli.Common;

/// <summary>
/// Appends the documented exit codes to <c>vmmesh --help</c>, so script authors find them without the source.
/// System.CommandLine 2.0 keeps its help layout internal, so this wraps the help action and writes after it.
/// </summary>
internal static class ExitCodesHelp
{
    public static readonly string[] Lines =
    [
        "Exit codes (token, intention, ca, audit):",
        "  0  ok",
        "  1  denied (vmmesh intention check)",
        "  2  usage: unknown option, bad value, missing admin token, invalid input file",
        "  3  policy server unreachable, TLS failure, server not ready, or a missing file",
        "  4  unexpected failure",
        "  5  the policy server refused the request (its message is shown)",
    ];

    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var option in root.Options)
        {
            if (option is HelpOption { Action: HelpAction help } helpOption)
            {
                helpOption.Action = new WithExitCodes(help);
            }
        }
    }

    private sealed class WithExitCodes(HelpAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var result = inner.Invoke(parseResult);
            if (parseResult.CommandResult.Command is RootCommand)
            {
                var output = parseResult.InvocationConfiguration.Output;
                foreach (var line in Lines)
                {
                    output.WriteLine(line);
                }

                output.WriteLine();
            }

            return result;
        }
    }
}
