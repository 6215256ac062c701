using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace VmMesh.PolicyServer.Client.Tests.Support;

/// <summary>Records every request (with its body read eagerly) and answers with the given function.</summary>
public sealed class FakeHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    public FakeHandler(HttpStatusCode status, string body = "", string contentType = "application/json")
        : this((_, _) => Task.FromResult(Json(status, body, contentType)))
    {
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public RecordedRequest Single => Assert.Single(Requests);

    public static HttpResponseMessage Json(HttpStatusCode status, string body, string contentType = "application/json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue(new RecordedRequest(
            request.Method.Method,
            request.RequestUri!.PathAndQuery,
            request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.MediaType,
            body));
        return await respond(request, cancellationToken);
    }
}

public sealed record RecordedRequest(string Method, string PathAndQuery, string? Authorization, string? ContentType, string? Body);
