namespace VmMesh.PolicyServer.Client.Errors;

/// <summary>What class of failure a <see cref="PolicyServerException"/> is; callers map it to exit codes or retries.</summary>
public enum PolicyServerErrorKind
{
    /// <summary>No answer: connection refused, DNS failure, reset, or no answer within the request timeout.</summary>
    Unreachable = 0,

    /// <summary>The TLS handshake failed, e.g. the server's certificate does not chain to the trust bundle.</summary>
    Tls = 1,

    /// <summary>The server refused the call (4xx); <see cref="PolicyServerException.ServerMessage"/> says why.</summary>
    Refused = 2,

    /// <summary>The server is not ready (503): no CA loaded yet, or Consul unreachable.</summary>
    Unavailable = 3,

    /// <summary>The server failed (5xx other than 503).</summary>
    ServerError = 4,

    /// <summary>The answer was not what the contract says (bad JSON, missing fields).</summary>
    InvalidResponse = 5,
}
