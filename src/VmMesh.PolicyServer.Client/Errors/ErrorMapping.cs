using System.Globalization;
using System.Security.Authentication;
using System.Text.Json;
using VmMesh.PolicyServer.Client.Json;

namespace VmMesh.PolicyServer.Client.Errors;

/// <summary>Maps a non-success answer (status + {"error"}) and TLS failures to <see cref="PolicyServerException"/>.</summary>
internal static class ErrorMapping
{
    public static async Task<PolicyServerException> ToExceptionAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? serverMessage = null;
        try
        {
            serverMessage = JsonSerializer.Deserialize(body, PolicyServerJson.Tolerant.ErrorResponse)?.Error;
        }
        catch (JsonException)
        {
            // Not the contract's error shape (e.g. a proxy's page): fall back to the status text below.
        }

        var status = (int)response.StatusCode;
        var kind = status switch
        {
            503 => PolicyServerErrorKind.Unavailable,
            >= 400 and < 500 => PolicyServerErrorKind.Refused,
            _ => PolicyServerErrorKind.ServerError,
        };
        var retryAfter = response.Headers.RetryAfter?.Delta;
        var detail = serverMessage ?? (string.IsNullOrWhiteSpace(body) ? response.ReasonPhrase : body.Trim());
        var verb = kind == PolicyServerErrorKind.Refused ? "refused" : "could not serve";
        var message = $"the policy server {verb} {call} ({status.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}): {detail}";
        return new PolicyServerException(kind, message, response.StatusCode, serverMessage, retryAfter);
    }

    public static AuthenticationException? FindAuthenticationFailure(Exception exception)
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is AuthenticationException authentication)
            {
                return authentication;
            }
        }

        return null;
    }
}
