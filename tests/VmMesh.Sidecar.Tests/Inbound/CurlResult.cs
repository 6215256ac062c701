using System.Globalization;

namespace VmMesh.Sidecar.Tests.Inbound;

/// <summary>One curl run: exit code, the %{http_code} it printed ("000" when there was no HTTP answer) and stderr.</summary>
internal sealed record CurlResult(int ExitCode, string HttpCode, string Error)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"exit {ExitCode}, http_code {HttpCode}, stderr: {Error}");
}
