using Microsoft.AspNetCore.Http;
using VmMesh.Identity.Spiffe;
using VmMesh.Sidecar.Configuration;
using VmMesh.Sidecar.Outbound;

namespace VmMesh.Sidecar.Tests.Outbound;

public sealed class OutboundRouterTests
{
    private readonly OutboundRouter _router = new([new UpstreamOptions(ServiceName.Parse("api"), 9001)]);

    [Theory]
    [InlineData(15001, "inventory", "inventory")]
    [InlineData(15001, "inventory:80", "inventory")]
    [InlineData(9001, "localhost:9001", "api")]
    [InlineData(9001, "inventory", "api")]
    public void Route_KnownTarget_Service(int localPort, string host, string expected)
    {
        var context = Context(localPort, host);

        Assert.Equal(expected, _router.Route(context, out var problem)?.Value);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("", "the request names no service; call http://<service>/path through the proxy, send Host: <service>, or use an upstream port")]
    [InlineData("Api", "host 'Api' is not a service name (Service name 'Api' has invalid character 'A'; use lower-case letters, digits and '-')")]
    [InlineData("127.0.0.1", "host '127.0.0.1' is not a service name (Service name '127.0.0.1' has invalid character '.'; use lower-case letters, digits and '-')")]
    public void Route_NoServiceName_NullWithReason(string host, string expected)
    {
        Assert.Null(_router.Route(Context(15001, host), out var problem));
        Assert.Equal(expected, problem);
    }

    private static DefaultHttpContext Context(int localPort, string host)
    {
        var context = new DefaultHttpContext();
        context.Connection.LocalPort = localPort;
        context.Request.Host = host.Length == 0 ? default : HostString.FromUriComponent(host);
        return context;
    }
}
