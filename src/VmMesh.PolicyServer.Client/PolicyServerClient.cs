// A typed HTTPS client for the policy server API (docs/policy-server-api.md), used by the CLI and the sidecar.
// Flow of one call: build the request (Bearer admin or join token; client certificate from the options at each
// handshake) → send with a per-request timeout → 2xx: deserialize with PolicyServerJson.Tolerant; otherwise map the
// status and the server's {"error"} to a PolicyServerException. TLS trusts only the bundle (PolicyServerCertificateValidator).
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Client.Audit;
using VmMesh.PolicyServer.Client.Ca;
using VmMesh.PolicyServer.Client.Errors;
using VmMesh.PolicyServer.Client.Health;
using VmMesh.PolicyServer.Client.Intentions;
using VmMesh.PolicyServer.Client.Json;
using VmMesh.PolicyServer.Client.Tokens;
using VmMesh.PolicyServer.Client.Trust;

namespace VmMesh.PolicyServer.Client;

/// <summary>One method per call of the policy server API. Thread-safe; dispose it to close its connections.</summary>
public sealed class PolicyServerClient : IDisposable
{
    /// <summary>The shortest time between two roots polls that return no change.</summary>
    public static readonly TimeSpan MinimumPollInterval = TimeSpan.FromSeconds(1);

    private readonly HttpClient _http;
    private readonly PolicyServerClientOptions _options;
    private readonly PolicyServerCertificateValidator? _validator;

    /// <summary>A client over its own handler that trusts only <see cref="PolicyServerClientOptions.Trust"/>.</summary>
    public PolicyServerClient(PolicyServerClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _validator = new PolicyServerCertificateValidator(options.Trust, options.ExpectedServerId, options.TimeProvider);
        var validator = _validator;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => validator.Validate(certificate, chain, errors),
                LocalCertificateSelectionCallback = options.ClientCertificate is { } select ? (_, _, _, _, _) => select()! : null,
            },
        };
        _http = CreateHttpClient(handler, options);
    }

    /// <summary>A client over <paramref name="handler"/> (tests, or a caller that brings its own TLS settings).</summary>
    public PolicyServerClient(PolicyServerClientOptions options, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        _options = options;
        _http = CreateHttpClient(handler, options);
    }

    public Uri ServerAddress => _options.ServerAddress;

    /// <summary>The certificate callback this client uses (null when a handler was passed in).</summary>
    internal PolicyServerCertificateValidator? CertificateValidator => _validator;

    public Task<RootsResponse> GetRootsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "v1/ca/roots", Credential.None, null, PolicyServerJson.Tolerant.RootsResponse, cancellationToken)!;

    /// <summary><c>GET /v1/ca/roots?pem</c>: the roots as concatenated PEM (what <c>ca.pem</c> holds).</summary>
    public async Task<string> GetRootsPemAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Get, "v1/ca/roots?pem", Credential.None, null, null, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Long-polls <c>GET /v1/ca/roots?index=N&amp;wait=…</c>: yields the roots now (or, given <paramref name="index"/>, once
    /// they differ from it), then each time their index changes. Failures end the sequence with a
    /// <see cref="PolicyServerException"/>; the caller decides how to back off and resume from the last index it saw.
    /// </summary>
    public async IAsyncEnumerable<RootsResponse> WatchRootsAsync(
        long? index = null,
        TimeSpan? wait = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var waitTime = wait ?? TimeSpan.FromSeconds(30);
        var waitText = ((long)Math.Max(1, Math.Ceiling(waitTime.TotalSeconds))).ToString(CultureInfo.InvariantCulture) + "s";
        var last = index;
        while (true)
        {
            var path = last is { } current
                ? $"v1/ca/roots?index={current.ToString(CultureInfo.InvariantCulture)}&wait={waitText}"
                : "v1/ca/roots";
            var started = _options.TimeProvider.GetTimestamp();
            var roots = (await SendAsync(HttpMethod.Get, path, Credential.None, null, PolicyServerJson.Tolerant.RootsResponse, cancellationToken, extraTimeout: waitTime).ConfigureAwait(false))!;
            if (roots.Index != last)
            {
                // A lower index means the server's state was rebuilt; that is a change too.
                last = roots.Index;
                yield return roots;
            }
            else if (_options.TimeProvider.GetElapsedTime(started) < MinimumPollInterval)
            {
                // Unchanged and answered at once (a proxy that does not hold the request, or a server bug): never spin.
                await Task.Delay(MinimumPollInterval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary><c>POST /v1/ca/sign</c> with a join token (first certificate), or with none over mTLS (renewal).</summary>
    public Task<SignResponse> SignAsync(SignRequest request, string? joinToken, CancellationToken cancellationToken = default) =>
        SendAsync(
            HttpMethod.Post,
            "v1/ca/sign",
            joinToken is null ? Credential.None : Credential.Join(joinToken),
            JsonContent.Create(request, PolicyServerJson.Strict.SignRequest),
            PolicyServerJson.Tolerant.SignResponse,
            cancellationToken)!;

    public Task<RootsResponse> RotateAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "v1/ca/rotate", Credential.Admin, null, PolicyServerJson.Tolerant.RootsResponse, cancellationToken)!;

    public Task<TokenCreated> CreateTokenAsync(CreateTokenRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "v1/tokens", Credential.Admin, JsonContent.Create(request, PolicyServerJson.Strict.CreateTokenRequest), PolicyServerJson.Tolerant.TokenCreated, cancellationToken)!;

    public Task<IReadOnlyList<TokenInfo>> ListTokensAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "v1/tokens", Credential.Admin, null, PolicyServerJson.Tolerant.IReadOnlyListTokenInfo, cancellationToken)!;

    public async Task RevokeTokenAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        using var response = await SendRawAsync(HttpMethod.Delete, "v1/tokens/" + Uri.EscapeDataString(id), Credential.Admin, null, null, cancellationToken).ConfigureAwait(false);
    }

    public Task<IntentionListResponse> ListIntentionsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "v1/intentions", Credential.Admin, null, PolicyServerJson.Tolerant.IntentionListResponse, cancellationToken)!;

    /// <summary><c>GET /v1/intentions/{destination}</c>; null when the destination has no document (404).</summary>
    public Task<IntentionResponse?> GetIntentionAsync(string destination, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, IntentionPath(destination, null), Credential.Admin, null, PolicyServerJson.Tolerant.IntentionResponse, cancellationToken, nullOnNotFound: true);

    /// <summary><c>PUT /v1/intentions/{destination}[?cas=]</c>; a CAS mismatch is a <see cref="PolicyServerException"/> with status 409.</summary>
    public Task<VersionResponse> PutIntentionAsync(IntentionDocument document, IntentionVersion? cas = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        return SendAsync(
            HttpMethod.Put,
            IntentionPath(document.Destination, cas),
            Credential.Admin,
            JsonContent.Create(document, PolicyServerJson.Strict.IntentionDocument),
            PolicyServerJson.Tolerant.VersionResponse,
            cancellationToken)!;
    }

    public Task<VersionResponse> DeleteIntentionAsync(string destination, IntentionVersion? cas = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, IntentionPath(destination, cas), Credential.Admin, null, PolicyServerJson.Tolerant.VersionResponse, cancellationToken)!;

    public Task<CheckResponse> CheckAsync(CheckRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "v1/intentions/check", Credential.Admin, JsonContent.Create(request, PolicyServerJson.Strict.CheckRequest), PolicyServerJson.Tolerant.CheckResponse, cancellationToken)!;

    public Task<BundleResponse> GetBundleAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "v1/intentions/bundle", Credential.None, null, PolicyServerJson.Tolerant.BundleResponse, cancellationToken)!;

    public Task<ShardResponse> GetShardAsync(string destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        return SendAsync(HttpMethod.Get, "v1/intentions/bundle?destination=" + Uri.EscapeDataString(destination), Credential.None, null, PolicyServerJson.Tolerant.ShardResponse, cancellationToken)!;
    }

    public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(DateTimeOffset? since = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (since is { } from)
        {
            query.Add("since=" + Uri.EscapeDataString(from.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)));
        }

        if (limit is { } count)
        {
            query.Add("limit=" + count.ToString(CultureInfo.InvariantCulture));
        }

        var path = query.Count == 0 ? "v1/audit" : "v1/audit?" + string.Join('&', query);
        return SendAsync(HttpMethod.Get, path, Credential.Admin, null, PolicyServerJson.Tolerant.IReadOnlyListAuditEntry, cancellationToken)!;
    }

    /// <summary><c>GET /v1/health</c>; a 503 with the health shape is returned (not ready), not thrown.</summary>
    public async Task<HealthResponse> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Get, "v1/health", Credential.None, null, null, cancellationToken, acceptStatus: HttpStatusCode.ServiceUnavailable).ConfigureAwait(false);
        return (await ReadAsync(response, "GET /v1/health", PolicyServerJson.Tolerant.HealthResponse, cancellationToken).ConfigureAwait(false))!;
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient CreateHttpClient(HttpMessageHandler handler, PolicyServerClientOptions options)
    {
        var address = options.ServerAddress ?? throw new ArgumentException("ServerAddress is required", nameof(options));
        if (!address.IsAbsoluteUri || address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"policy server address '{address}' must be an absolute https:// URL, e.g. https://127.0.0.1:8443", nameof(options));
        }

        var baseAddress = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    private static string IntentionPath(string destination, IntentionVersion? cas)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        var path = "v1/intentions/" + Uri.EscapeDataString(destination);
        return cas is { } version ? path + "?cas=" + version : path;
    }

    private async Task<T?> SendAsync<T>(
        HttpMethod method,
        string path,
        Credential credential,
        HttpContent? content,
        JsonTypeInfo<T> responseType,
        CancellationToken cancellationToken,
        bool nullOnNotFound = false,
        TimeSpan? extraTimeout = null)
        where T : class
    {
        using var response = await SendRawAsync(method, path, credential, content, extraTimeout, cancellationToken, nullOnNotFound ? HttpStatusCode.NotFound : null).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound && nullOnNotFound
            ? null
            : await ReadAsync(response, $"{method} /{path}", responseType, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendRawAsync(
        HttpMethod method,
        string path,
        Credential credential,
        HttpContent? content,
        TimeSpan? extraTimeout,
        CancellationToken cancellationToken,
        HttpStatusCode? acceptStatus = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        var bearer = credential.IsAdmin ? _options.AdminToken : credential.JoinToken;
        if (!string.IsNullOrEmpty(bearer))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var timeout = _options.RequestTimeout + (extraTimeout ?? TimeSpan.Zero);
        using var timeoutSource = new CancellationTokenSource(timeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var call = $"{method} /{path}";
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PolicyServerException(
                PolicyServerErrorKind.Unreachable,
                $"the policy server at {ServerAddress} did not answer {call} within {timeout.TotalSeconds:0.#}s; check that it is running and reachable",
                innerException: ex);
        }
        catch (HttpRequestException ex) when (ErrorMapping.FindAuthenticationFailure(ex) is { } tls)
        {
            var reason = _validator?.LastFailure ?? tls.Message;
            throw new PolicyServerException(
                PolicyServerErrorKind.Tls,
                $"TLS with the policy server at {ServerAddress} failed: {reason}; check the server URL and that the trust bundle is the mesh's current ca.pem",
                innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new PolicyServerException(
                PolicyServerErrorKind.Unreachable,
                $"cannot reach the policy server at {ServerAddress} ({ex.Message}); check the server URL and that the server is running",
                innerException: ex);
        }

        if (response.IsSuccessStatusCode || response.StatusCode == acceptStatus)
        {
            return response;
        }

        using (response)
        {
            throw await ErrorMapping.ToExceptionAsync(response, call, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, string call, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false)
                    ?? throw new JsonException("the body is null");
            }
        }
        catch (JsonException ex)
        {
            throw new PolicyServerException(
                PolicyServerErrorKind.InvalidResponse,
                $"the policy server at {ServerAddress} answered {call} with a body that does not match the API ({ex.Message}); check that the CLI and the server are the same version",
                response.StatusCode,
                innerException: ex);
        }
    }
}
