namespace VmMesh.Bench;

/// <summary>The bench could not run (a tool missing, a namespace not created, a part that did not start); the message says why.</summary>
internal sealed class BenchSetupException : Exception
{
    public BenchSetupException(string message)
        : base(message)
    {
    }

    public BenchSetupException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public BenchSetupException()
    {
    }
}
