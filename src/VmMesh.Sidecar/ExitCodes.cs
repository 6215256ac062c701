namespace VmMesh.Sidecar;

/// <summary>The process exit codes operators and service managers see.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The configuration is invalid; every error was printed to stderr and nothing was started.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>Start-up failed after the configuration was accepted (identity, listeners, registration).</summary>
    public const int StartupFailed = 3;
}
