namespace VmMesh.Cli;

/// <summary>
/// The CLI's documented exit codes. Scripts rely on them: 0 success, 1 a negative answer
/// (for example an intention check that denies), 2 or more an error.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;

    public const int Denied = 1;

    /// <summary>The command line was wrong: unknown option, bad value, missing admin token, invalid input file.</summary>
    public const int InvalidArguments = 2;

    /// <summary>A port, file or server the command needs could not be used (unreachable, TLS failure, not ready, missing file).</summary>
    public const int Unavailable = 3;

    /// <summary>An unexpected failure; the message on stderr says what happened.</summary>
    public const int InternalError = 4;

    /// <summary>The policy server refused the request (4xx); its message is shown on stderr.</summary>
    public const int ServerRefused = 5;
}
