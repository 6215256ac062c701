using System.Net;
using System.Text;

namespace VmMesh.Consul.Http;

/// <summary>A fully buffered Consul response: status, body bytes and the parsed query metadata.</summary>
internal sealed record ConsulResponse(HttpStatusCode StatusCode, byte[] Body, QueryMeta Meta)
{
    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;

    public string TrimmedText => Encoding.UTF8.GetString(Body).Trim();
}
