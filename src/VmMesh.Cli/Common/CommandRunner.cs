using System.CommandLine;
using System.Net;
using VmMesh.PolicyServer.Client.Errors;

namespace VmMesh.Cli.Common;

/// <summary>
/// Runs a policy-server command and turns every failure into one stderr line and a documented exit code, so
/// System.CommandLine's default handler (stack trace, exit 1, which would read as "denied") never runs.
/// </summary>
internal static class CommandRunner
{
    /// <summary>Sets <paramref name="command"/>'s action to <paramref name="action"/> with the shared switches resolved.</summary>
    public static void SetAction(Command command, CommonOptions common, CliEnvironment environment, Func<ParseResult, CommandContext, CancellationToken, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(environment, () => action(parseResult, common.Resolve(parseResult, environment), cancellationToken), cancellationToken));
    }

    public static async Task<int> RunAsync(CliEnvironment environment, Func<Task<int>> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action();
        }
        catch (CliFailure ex)
        {
            await environment.Error.WriteLineAsync($"vmmesh: {ex.Message}");
            return ex.ExitCode;
        }
        catch (PolicyServerException ex)
        {
            await environment.Error.WriteLineAsync($"vmmesh: {ex.Message}{Hint(ex)}");
            return ExitCodeOf(ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            await environment.Error.WriteLineAsync($"vmmesh: unexpected failure ({ex.GetType().Name}): {ex.Message}; this is a bug, please report it with the command line (without secrets)");
            return ExitCodes.InternalError;
        }
    }

    public static int ExitCodeOf(PolicyServerException exception) => exception?.Kind switch
    {
        PolicyServerErrorKind.Unreachable or PolicyServerErrorKind.Tls or PolicyServerErrorKind.Unavailable => ExitCodes.Unavailable,
        PolicyServerErrorKind.Refused => ExitCodes.ServerRefused,
        _ => ExitCodes.InternalError,
    };

    /// <summary>Which switch or variable the operator changes to fix the failure.</summary>
    private static string Hint(PolicyServerException exception) => exception switch
    {
        { StatusCode: HttpStatusCode.Unauthorized } => $" (the admin token comes from --token-file or {CommonOptions.AdminTokenVariable})",
        { Kind: PolicyServerErrorKind.Unreachable } => $" (the server URL comes from --server or {CommonOptions.ServerVariable})",
        { Kind: PolicyServerErrorKind.Tls } => $" (the trust bundle comes from --ca-file or {CommonOptions.CaFileVariable})",
        _ => string.Empty,
    };
}
