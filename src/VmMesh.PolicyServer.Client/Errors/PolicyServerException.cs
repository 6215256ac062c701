using System.Net;

namespace VmMesh.PolicyServer.Client.Errors;

/// <summary>
/// Every failure of a <see cref="PolicyServerClient"/> call. <see cref="Exception.Message"/> is a full sentence
/// naming the call, the server and the cause (and the server's own <c>error</c> text when it sent one).
/// </summary>
public sealed class PolicyServerException : Exception
{
    public PolicyServerException()
    {
    }

    public PolicyServerException(string message)
        : base(message)
    {
    }

    public PolicyServerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PolicyServerException(
        PolicyServerErrorKind kind,
        string message,
        HttpStatusCode? statusCode = null,
        string? serverMessage = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        ServerMessage = serverMessage;
        RetryAfter = retryAfter;
    }

    public PolicyServerErrorKind Kind { get; }

    /// <summary>The HTTP status, when the server answered.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The <c>error</c> field of the server's answer, when it sent one.</summary>
    public string? ServerMessage { get; }

    /// <summary>The server's <c>Retry-After</c> (429 on signing), when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }
}
