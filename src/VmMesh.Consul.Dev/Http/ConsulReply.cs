using System.Text;

namespace VmMesh.Consul.Dev.Http;

/// <summary>
/// What a handler answers. Blockable reads set <see cref="Index"/> (written as X-Consul-Index, never 0)
/// so the router adds the leader/consistency headers of contract §1.5.
/// </summary>
internal sealed record ConsulReply(int Status, string? ContentType, byte[] Body)
{
    public static readonly byte[] TrueBody = "true"u8.ToArray();
    public static readonly byte[] FalseBody = "false"u8.ToArray();

    public ulong? Index { get; init; }

    public bool QueryBackend { get; init; }

    public string? ContentHash { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public static ConsulReply Empty() => new(200, null, []);

    public static ConsulReply Json(byte[] body) => new(200, "application/json", body);

    public static ConsulReply Bool(bool value) => Json(value ? TrueBody : FalseBody);

    public static ConsulReply Text(int status, string text) => new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));
}
