namespace VmMesh.Cli.Common;

/// <summary>A failure the command already explained: <see cref="Exception.Message"/> names the problem and the fix.</summary>
internal sealed class CliFailure : Exception
{
    public CliFailure()
    {
    }

    public CliFailure(string message)
        : base(message)
    {
    }

    public CliFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliFailure(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; } = ExitCodes.InternalError;

    /// <summary>The command line is wrong or incomplete (exit 2).</summary>
    public static CliFailure Usage(string message) => new(ExitCodes.InvalidArguments, message);

    /// <summary>A file, server or port the command needs cannot be used (exit 3).</summary>
    public static CliFailure Unavailable(string message, Exception? inner = null) => new(ExitCodes.Unavailable, message, inner);
}
