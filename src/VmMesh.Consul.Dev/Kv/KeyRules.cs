using VmMesh.Consul.Dev.Http;

namespace VmMesh.Consul.Dev.Kv;

/// <summary>
/// The KV key rules of current Consul (1.21.6+/1.22, contract §6.4): no leading "/", no ".."
/// path segment, no leading or trailing whitespace. Everything else is allowed.
/// </summary>
internal static class KeyRules
{
    public static void Validate(string key)
    {
        if (key.StartsWith('/'))
        {
            throw new ConsulHttpError(400, $"Invalid key name: \"{key}\" must not begin with a '/'");
        }

        if (key.Split('/').Any(segment => segment == ".."))
        {
            throw new ConsulHttpError(400, $"Invalid key name: \"{key}\" must not contain a '..' path segment");
        }

        if (key.Length > 0 && (char.IsWhiteSpace(key[0]) || char.IsWhiteSpace(key[^1])))
        {
            throw new ConsulHttpError(400, $"Invalid key name: \"{key}\" must not begin or end with whitespace");
        }
    }
}
