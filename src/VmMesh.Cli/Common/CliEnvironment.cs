// Shared plumbing for the policy-server commands (token, intention, ca, audit). Flow of one command:
// CommonOptions resolves --server / --ca-file / --token-file / -o against the environment → CommandRunner runs the
// action, which builds a PolicyServerClient from CommandContext and writes data to Out (a Spectre table or JSON)
// → any failure becomes "vmmesh: <problem>; <fix>" on Error and a documented exit code (ExitCodes).
using VmMesh.PolicyServer.Client;

namespace VmMesh.Cli.Common;

/// <summary>
/// What a command may touch outside itself: its output streams, environment variables and the way it builds a
/// policy-server client. Tests pass writers, a dictionary and a client over a fake handler.
/// </summary>
internal sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>True when stdout is a file or pipe: tables are then plain (no colours, no borders, no wrapping).</summary>
    public required bool IsOutputRedirected { get; init; }

    public required Func<string, string?> GetVariable { get; init; }

    public Func<PolicyServerClientOptions, PolicyServerClient> CreateClient { get; init; } = options => new PolicyServerClient(options);

    public static CliEnvironment System { get; } = new()
    {
        Out = Console.Out,
        Error = Console.Error,
        IsOutputRedirected = Console.IsOutputRedirected,
        GetVariable = Environment.GetEnvironmentVariable,
    };
}
