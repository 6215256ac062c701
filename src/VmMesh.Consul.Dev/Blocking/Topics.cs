namespace VmMesh.Consul.Dev.Blocking;

/// <summary>Names of watch topics; a write fires exactly the topics whose answers it can change.</summary>
internal static class Topics
{
    public const string CatalogServices = "catalog:services";
    public const string Nodes = "nodes";
    public const string Checks = "checks";
    public const string Sessions = "sessions";

    public static string Kv(string key) => "kv:" + key;

    public static string KvPrefix(string prefix) => "kvp:" + prefix;

    public static string Service(string name) => "svc:" + name;

    public static string Connect(string destination) => "connect:" + destination;

    public static string Node(string node) => "node:" + node;

    public static string AgentService(string id) => "agentsvc:" + id;

    /// <summary>A key's own topic plus the prefix topic of every prefix of it (including "" and the key itself).</summary>
    public static IEnumerable<string> ForKey(string key)
    {
        yield return Kv(key);
        for (var i = 0; i <= key.Length; i++)
        {
            yield return KvPrefix(key[..i]);
        }
    }
}
