// HTTP plumbing shared by every endpoint: failures are thrown as ApiException and turned into the contract's
// {"error": ...} body by ApiErrorMiddleware; request bodies are read by StrictJsonBody (size limit, unknown fields).
namespace VmMesh.PolicyServer.Http;

/// <summary>A failure with the HTTP status and the exact message the caller sees.</summary>
internal sealed class ApiException : Exception
{
    public ApiException()
    {
    }

    public ApiException(string message)
        : base(message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ApiException(int statusCode, string message, TimeSpan? retryAfter = null)
        : base(message)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    public int StatusCode { get; } = StatusCodes.Status500InternalServerError;

    /// <summary>Sent as <c>Retry-After</c> (whole seconds, at least 1) with 429 and 503.</summary>
    public TimeSpan? RetryAfter { get; }

    public static ApiException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static ApiException Unauthorized(string message) => new(StatusCodes.Status401Unauthorized, message);

    public static ApiException Forbidden(string message) => new(StatusCodes.Status403Forbidden, message);

    public static ApiException NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    public static ApiException Conflict(string message) => new(StatusCodes.Status409Conflict, message);

    public static ApiException Unavailable(string message) => new(StatusCodes.Status503ServiceUnavailable, message);
}
