using System.Text;

namespace VmMesh.Consul.Dev.Checks;

/// <summary>Consul's output cap: longer output is cut to OutputMaxSize bytes plus "... (captured N of M bytes)".</summary>
internal static class CheckOutput
{
    public static string Truncate(string output, int maxSize)
    {
        var bytes = Encoding.UTF8.GetBytes(output);
        if (bytes.Length <= maxSize)
        {
            return output;
        }

        var kept = Encoding.UTF8.GetString(bytes, 0, maxSize).TrimEnd('\uFFFD');
        return $"{kept} ... (captured {maxSize} of {bytes.Length} bytes)";
    }
}
