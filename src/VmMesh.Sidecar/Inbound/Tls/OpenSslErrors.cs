using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Text;

namespace VmMesh.Sidecar.Inbound.Tls;

/// <summary>
/// Reads and empties OpenSSL's per-thread error queue. Every failed call is followed by this so that no stale entry
/// is left on a thread-pool thread for .NET's own OpenSSL calls to trip over.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class OpenSslErrors
{
    public static AuthenticationException Take(string what) => new($"{what}: {Drain()}");

    /// <summary>The queued OpenSSL error lines joined with "; " (or "no OpenSSL error queued"), leaving the queue empty.</summary>
    public static string Drain()
    {
        var text = new StringBuilder();
        var buffer = new byte[256];
        for (var error = NativeMethods.ErrGetError(); error != 0; error = NativeMethods.ErrGetError())
        {
            NativeMethods.ErrErrorStringN(error, ref buffer[0], (nuint)buffer.Length);
            var end = Array.IndexOf(buffer, (byte)0);
            if (text.Length > 0)
            {
                text.Append("; ");
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, end < 0 ? buffer.Length : end));
        }

        NativeMethods.ErrClearError();
        return text.Length > 0 ? text.ToString() : "no OpenSSL error queued";
    }
}
