using System.Text;

namespace VmMesh.Sidecar.Authorization;

/// <summary>The intentions part of the fail-static cache: the last accepted signed shard per destination, as received.</summary>
internal sealed class IntentionCache(string dataDir)
{
    public string Directory { get; } = Path.Combine(dataDir, "intentions");

    public string PathOf(string destination) => Path.Combine(Directory, (destination == "*" ? "_wildcard" : destination) + ".jws");

    public string? Load(string destination)
    {
        var path = PathOf(destination);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    public void Save(string destination, string jws)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(destination);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, jws, Encoding.UTF8);
        File.Move(temporary, path, overwrite: true);
    }
}
