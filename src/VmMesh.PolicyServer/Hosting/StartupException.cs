namespace VmMesh.PolicyServer.Hosting;

/// <summary>A start-up problem the operator must fix; its message names the problem and the fix, and the process exits 1.</summary>
internal sealed class StartupException : Exception
{
    public StartupException()
    {
    }

    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
