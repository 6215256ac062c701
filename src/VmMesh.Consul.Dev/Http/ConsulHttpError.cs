namespace VmMesh.Consul.Dev.Http;

/// <summary>An error answer: the status code carries the meaning, the text is Consul's exact plain-text body.</summary>
internal sealed class ConsulHttpError : Exception
{
    public ConsulHttpError(int status, string text)
        : base(text)
    {
        Status = status;
    }

    public ConsulHttpError()
    {
    }

    public ConsulHttpError(string message)
        : base(message)
    {
    }

    public ConsulHttpError(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Status { get; } = 500;
}
