using System.Collections.Concurrent;

namespace VmMesh.Consul.Tests.Support;

/// <summary>
/// A scripted HttpMessageHandler: records every request and answers from a queue of scripted responses, then from
/// <see cref="Fallback"/>. Scripts may await (e.g. hang until cancelled) to imitate blocking queries.
/// </summary>
public sealed class FakeConsulHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _gate = new();

    public Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>? Fallback { get; set; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    public FakeConsulHandler Enqueue(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> response)
    {
        _script.Enqueue(response);
        return this;
    }

    public FakeConsulHandler Enqueue(Func<HttpResponseMessage> response) => Enqueue((_, _) => Task.FromResult(response()));

    public FakeConsulHandler EnqueueFailure() => Enqueue((_, _) => throw new HttpRequestException("connection refused"));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(pair => pair.Key, pair => string.Join(",", pair.Value), StringComparer.OrdinalIgnoreCase);
        if (request.Content is not null)
        {
            foreach (var pair in request.Content.Headers)
            {
                headers[pair.Key] = string.Join(",", pair.Value);
            }
        }

        var recorded = new RecordedRequest(request.Method, request.RequestUri!, headers, body);
        lock (_gate)
        {
            _requests.Add(recorded);
        }

        if (_script.TryDequeue(out var next))
        {
            return await next(recorded, cancellationToken);
        }

        if (Fallback is not null)
        {
            return await Fallback(recorded, cancellationToken);
        }

        throw new InvalidOperationException($"No scripted response for {request.Method} {request.RequestUri}");
    }
}
