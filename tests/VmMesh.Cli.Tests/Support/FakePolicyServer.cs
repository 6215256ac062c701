using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace VmMesh.Cli.Tests.Support;

/// <summary>
/// An HttpMessageHandler standing in for the policy server: records each request (body read eagerly) and answers
/// from a list of routes matched in order, "METHOD /path?query" exactly; an unmatched request fails the test.
/// </summary>
public sealed class FakePolicyServer : HttpMessageHandler
{
    private readonly ConcurrentQueue<(string Request, Func<HttpResponseMessage> Respond)> _routes = new();

    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    /// <summary>Answers the next request equal to <paramref name="request"/> (e.g. "GET /v1/tokens") once, in order of adding.</summary>
    public FakePolicyServer On(string request, HttpStatusCode status, string body = "", Action<HttpResponseMessage>? configure = null)
    {
        _routes.Enqueue((request, () =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            configure?.Invoke(response);
            return response;
        }));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var line = $"{request.Method.Method} {request.RequestUri!.PathAndQuery}";
        Requests.Enqueue(new FakeRequest(line, request.Headers.Authorization?.ToString(), body));
        if (!_routes.TryDequeue(out var route) || route.Request != line)
        {
            throw new InvalidOperationException($"unexpected request {line}; next expected: {route.Request ?? "none"}");
        }

        return route.Respond();
    }
}

public sealed record FakeRequest(string Line, string? Authorization, string? Body);
