// vmmesh-demo: one small app that plays web, api or inventory in the one-machine mesh (`vmmesh dev`).
// GET / answers JSON with its own name, the verified caller identity its sidecar added (x-vmmesh-peer-identity,
// absent when called directly) and, for web and api, the downstream answer fetched through the sidecar's outbound
// listener in HTTP-proxy mode (absolute URL http://<service>/). GET /health is the Consul check.
using System.Net;
using System.Text.Json.Nodes;
using VmMesh.Demo;

var errors = new List<string>();
var demo = DemoArguments.Parse(args, errors);
if (errors.Count > 0)
{
    foreach (var error in errors)
    {
        await Console.Error.WriteLineAsync($"vmmesh-demo: {error}").ConfigureAwait(false);
    }

    return 2;
}

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
builder.WebHost.UseUrls($"http://127.0.0.1:{demo.Port}");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();

using var downstream = new HttpClient(new SocketsHttpHandler
{
    Proxy = demo.Proxy is null ? null : new WebProxy(demo.Proxy),
    UseProxy = demo.Proxy is not null,
})
{ Timeout = TimeSpan.FromSeconds(15) };

app.MapGet("/health", () => Results.Text("ok"));
app.MapGet("/", async (HttpContext context) =>
{
    var answer = new JsonObject
    {
        ["service"] = demo.Role.Name,
        ["peerIdentity"] = context.Request.Headers["x-vmmesh-peer-identity"].ToString() is { Length: > 0 } peer ? peer : null,
    };
    var status = StatusCodes.Status200OK;
    if (demo.Role.Downstream is { } next)
    {
        var (nextStatus, nextBody) = await CallAsync(downstream, next, context.RequestAborted).ConfigureAwait(false);
        answer["downstreamStatus"] = nextStatus;
        answer["downstream"] = nextBody;
        status = nextStatus == 200 ? StatusCodes.Status200OK : StatusCodes.Status502BadGateway;
    }

    return Results.Text(answer.ToJsonString(), "application/json", statusCode: status);
});

await app.RunAsync().ConfigureAwait(false);
return 0;

static async Task<(int Status, JsonNode? Body)> CallAsync(HttpClient client, string service, CancellationToken cancellationToken)
{
    try
    {
        using var response = await client.GetAsync(new Uri($"http://{service}/"), cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            // The sidecar's own errors are plain text; show them as they came, with the reason header.
            body = JsonValue.Create($"{text.Trim()} (x-vmmesh-error: {string.Join(',', response.Headers.TryGetValues("x-vmmesh-error", out var reason) ? reason : [])})");
        }

        return ((int)response.StatusCode, body);
    }
    catch (HttpRequestException ex)
    {
        return (0, JsonValue.Create($"calling {service} through the sidecar failed: {ex.Message}"));
    }
}
