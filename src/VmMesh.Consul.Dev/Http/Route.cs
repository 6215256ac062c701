namespace VmMesh.Consul.Dev.Http;

/// <summary>
/// One registered path: exact, or a prefix ending in "/" whose remainder is the path parameter.
/// <paramref name="Blockable"/> routes parse index/wait/consistency and get the leader headers;
/// <paramref name="UsesDatacenter"/> routes refuse a foreign ?dc.
/// </summary>
internal sealed record Route(
    string Path,
    IReadOnlyDictionary<string, RouteHandler> Methods,
    bool Blockable,
    bool UsesDatacenter,
    string? MissingParameterMessage = null)
{
    public bool IsPrefix => Path.EndsWith('/');

    public string AllowHeader => "OPTIONS," + string.Join(',', Methods.Keys);
}
