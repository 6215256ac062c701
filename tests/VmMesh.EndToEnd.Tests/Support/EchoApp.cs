using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VmMesh.EndToEnd.Tests.Support;

/// <summary>
/// The app behind sidecar B: answers every request with the verified peer identity header the sidecar added
/// ("none" when absent), and 200 on /health for its Consul check. Started as `dotnet &lt;this dll&gt; echo-app PORT`
/// inside a host's namespace, bound to that host's loopback.
/// </summary>
public static class EchoApp
{
    public const string Verb = "echo-app";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 2 || args[0] != Verb || !int.TryParse(args[1], out var port))
        {
            await Console.Error.WriteLineAsync($"usage: dotnet VmMesh.EndToEnd.Tests.dll {Verb} PORT");
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/health", () => "ok\n");
        app.Map("/{**path}", (HttpRequest request) =>
            request.Headers.TryGetValue("x-vmmesh-peer-identity", out var identity) ? identity.ToString() : "none");
        await app.StartAsync();
        Console.WriteLine($"echo-app listening on 127.0.0.1:{port}");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
