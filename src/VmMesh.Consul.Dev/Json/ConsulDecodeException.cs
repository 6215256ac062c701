namespace VmMesh.Consul.Dev.Json;

/// <summary>A request body that Consul's decoder would refuse; the message is Go's text after "Request decode failed: ".</summary>
internal sealed class ConsulDecodeException : Exception
{
    public ConsulDecodeException(string message)
        : base(message)
    {
    }

    public ConsulDecodeException()
    {
    }

    public ConsulDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
