using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly;
using VmMesh.Consul.Json;

namespace VmMesh.Consul.Http;

/// <summary>
/// The one place requests leave the client: adds the token header and the default datacenter, gives each attempt its
/// own timeout on the injected clock, buffers the response, reads the X-Consul-* headers and — for idempotent
/// requests only — retries transient failures through the Polly pipeline.
/// </summary>
internal sealed class ConsulTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly ConsulClientOptions _options;
    private readonly ResiliencePipeline<ConsulResponse> _retry;
    private readonly ILogger _logger;

    public ConsulTransport(ConsulClientOptions options, ConsulRandom random, ILogger logger)
    {
        _options = options;
        _logger = logger;
        var handler = options.HttpMessageHandler ?? new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        _http = new HttpClient(handler, disposeHandler: options.HttpMessageHandler is null)
        {
            BaseAddress = WithTrailingSlash(options.Address),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _retry = ConsulResilience.Build(options, random, logger);
    }

    public ConsulClientOptions Options => _options;

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Sends the request (retrying when idempotent) and returns the response whatever its status.</summary>
    public async Task<ConsulResponse> SendAsync(ConsulRequest request, CancellationToken cancellationToken)
    {
        if (!request.Idempotent)
        {
            return await SendOnceAsync(request, cancellationToken);
        }

        return await _retry.ExecuteAsync(
            async token => await SendOnceAsync(request, token),
            cancellationToken);
    }

    /// <summary>Sends and throws <see cref="ConsulException"/> unless the status is 2xx or one of <paramref name="accepted"/>.</summary>
    public async Task<ConsulResponse> SendExpectingAsync(ConsulRequest request, CancellationToken cancellationToken, params HttpStatusCode[] accepted)
    {
        var response = await SendAsync(request, cancellationToken);
        if (!response.IsSuccess && !accepted.Contains(response.StatusCode))
        {
            throw ToException(response);
        }

        return response;
    }

    public static ConsulException ToException(ConsulResponse response)
    {
        var body = response.TrimmedText;
        return response.StatusCode == HttpStatusCode.Forbidden
            ? new ConsulPermissionDeniedException(body)
            : new ConsulException(response.StatusCode, body);
    }

    public static T Deserialize<T>(ConsulResponse response, JsonTypeInfo<T> typeInfo, T whenEmpty)
    {
        if (response.Body.Length == 0)
        {
            return whenEmpty;
        }

        try
        {
            return JsonSerializer.Deserialize(response.Body, typeInfo) ?? whenEmpty;
        }
        catch (JsonException ex)
        {
            throw new ConsulException(response.StatusCode, $"Response body is not the expected {typeof(T).Name} JSON: {ex.Message}");
        }
    }

    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    /// <summary>Adds <c>dc</c>, blocking and consistency parameters of <paramref name="options"/> to <paramref name="query"/>; returns the wait to send.</summary>
    public TimeSpan? ApplyQueryOptions(QueryBuilder query, QueryOptions? options, bool sendDatacenter = true)
    {
        options ??= QueryOptions.Default;
        if (sendDatacenter)
        {
            query.AddIfNotEmpty("dc", options.Datacenter ?? _options.Datacenter);
        }

        query.FlagIf(options.Consistency == ConsistencyMode.Stale, "stale");
        query.FlagIf(options.Consistency == ConsistencyMode.Consistent, "consistent");
        if (!options.IsBlocking)
        {
            return null;
        }

        var wait = RequestTimeouts.ClampWait(options.Wait, _options.DefaultWait);
        if (options.Hash is not null)
        {
            query.Add("hash", options.Hash);
        }
        else
        {
            query.Add("index", options.Index.Value);
        }

        query.Add("wait", $"{(long)wait.TotalMilliseconds}ms");
        return wait;
    }

    public void Dispose() => _http.Dispose();

    private async ValueTask<ConsulResponse> SendOnceAsync(ConsulRequest request, CancellationToken cancellationToken)
    {
        var timeout = RequestTimeouts.For(request.BlockingWait, _options);
        using var timeoutSource = new CancellationTokenSource(timeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var message = new HttpRequestMessage(request.Method, request.PathAndQuery);
        if (!string.IsNullOrEmpty(_options.Token))
        {
            message.Headers.TryAddWithoutValidation("X-Consul-Token", _options.Token);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
        }

        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
            var result = new ConsulResponse(response.StatusCode, body, QueryMetaParser.Parse(response.Headers));
            if (!result.IsSuccess)
            {
                ConsulClientLog.UnsuccessfulResponse(_logger, request.Method.Method, request.LogPath, (int)result.StatusCode);
            }

            return result;
        }
        catch (OperationCanceledException ex) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            ConsulClientLog.RequestTimedOut(_logger, request.Method.Method, request.LogPath, timeout);
            throw new TimeoutException(
                $"Consul did not answer {request.Method.Method} /{request.LogPath} within {timeout.TotalSeconds:0.###} s; check that {BaseAddress} is reachable or raise ConsulClientOptions.RequestTimeout.",
                ex);
        }
    }

    private static Uri WithTrailingSlash(Uri address)
        => address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
}
