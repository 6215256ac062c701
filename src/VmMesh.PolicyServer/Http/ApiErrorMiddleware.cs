using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using VmMesh.Consul;
using VmMesh.PolicyServer.Client.Errors;
using VmMesh.PolicyServer.Client.Json;
using VmMesh.PolicyServer.Hosting;

namespace VmMesh.PolicyServer.Http;

/// <summary>
/// Maps failures to the contract's error statuses: ApiException as given, an oversized body to 413, Consul being
/// unreachable to 503, anything else to 500 (logged; the body never carries exception details).
/// </summary>
internal sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ApiException ex)
        {
            await WriteAsync(context, ex.StatusCode, ex.Message, ex.RetryAfter);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, TooLargeMessage(context), null);
        }
        catch (Exception ex) when (IsConsulFailure(ex) && !context.RequestAborted.IsCancellationRequested)
        {
            PolicyServerLog.ConsulCallFailed(logger, ex, context.Request.Path);
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Consul is unreachable or failing, so this call cannot complete; check the Consul agent and retry", TimeSpan.FromSeconds(1));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            PolicyServerLog.UnhandledError(logger, ex, context.Request.Method, context.Request.Path);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, "internal error; see the policy server's log", null);
        }
    }

    public static string TooLargeMessage(HttpContext context) =>
        $"request body is larger than {context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? RequestLimits.MaxBodyBytes} bytes; send a smaller body";

    public static async Task WriteAsync(HttpContext context, int status, string message, TimeSpan? retryAfter)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        if (retryAfter is { } delay)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(delay.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsJsonAsync(new ErrorResponse(message), PolicyServerJson.Strict.ErrorResponse);
    }

    private static bool IsConsulFailure(Exception ex) =>
        ex is ConsulException or HttpRequestException || (ex is TaskCanceledException && ex.InnerException is TimeoutException);
}
