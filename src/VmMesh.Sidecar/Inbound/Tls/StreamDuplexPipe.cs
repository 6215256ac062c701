using System.IO.Pipelines;

namespace VmMesh.Sidecar.Inbound.Tls;

/// <summary>The decrypted side of a TLS connection as the pipe pair Kestrel's HTTP layer reads and writes.</summary>
internal sealed class StreamDuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
