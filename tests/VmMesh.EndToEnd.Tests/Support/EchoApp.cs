using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VmMesh.EndToEnd.Tests.Support;

/// <summary>
/// The app behind an api sidecar: answers every request with the verified peer identity header the sidecar added
/// ("none" when absent), and 200 on /health for its Consul check. Started as `dotnet &lt;this dll&gt; echo-app PORT
/// [INSTANCE]` inside a host's namespace, bound to that host's loopback; with INSTANCE every answer also carries
/// <c>x-echo-instance: INSTANCE</c>, so a caller can tell which of several instances served it.
/// </summary>
public static class EchoApp
{
    public const string Verb = "echo-app";

    public const string InstanceHeader = "x-echo-instance";

    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length is < 2 or > 3 || args[0] != Verb || !int.TryParse(args[1], out var port))
        {
            await Console.Error.WriteLineAsync($"usage: dotnet VmMesh.EndToEnd.Tests.dll {Verb} PORT [INSTANCE]");
            return 2;
        }

        var instance = args.Length == 3 ? args[2] : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        if (instance is not null)
        {
            app.Use((context, next) =>
            {
                context.Response.Headers[InstanceHeader] = instance;
                return next(context);
            });
        }

        app.MapGet("/health", () => "ok\n");
        app.Map("/{**path}", (HttpRequest request) =>
            request.Headers.TryGetValue("x-vmmesh-peer-identity", out var identity) ? identity.ToString() : "none");
        await app.StartAsync();
        Console.WriteLine($"echo-app listening on 127.0.0.1:{port}");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
