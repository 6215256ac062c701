using System.Text;

namespace VmMesh.Sidecar.Tests.Inbound;

/// <summary>What a <see cref="TlsProbe"/> saw: the stage it stopped at and the error, or the first bytes of the answer.</summary>
internal sealed record TlsProbeResult(TlsProbeStage FailedAt, Exception? Error, string? Response)
{
    /// <summary>Every message down the exception chain: .NET puts OpenSSL's own text ("tlsv1 alert unknown ca") in an inner one.</summary>
    public string Messages
    {
        get
        {
            var text = new StringBuilder();
            for (var e = Error; e is not null; e = e.InnerException)
            {
                text.Append(e.GetType().Name).Append(": ").Append(e.Message).Append(" | ");
            }

            return text.Length == 0 ? $"no error; response '{Response}'" : text.ToString();
        }
    }
}
