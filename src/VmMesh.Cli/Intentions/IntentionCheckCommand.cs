using System.CommandLine;
using VmMesh.Cli.Common;
using VmMesh.PolicyServer.Client.Intentions;
using VmMesh.PolicyServer.Client.Json;

namespace VmMesh.Cli.Intentions;

/// <summary>
/// <c>vmmesh intention check SOURCE DESTINATION [--method M] [--path P] [--header K=V]</c>: asks the server's
/// evaluator (the same one the sidecars run) and prints the decision and the rule that decided. Exit 0 allow, 1 deny.
/// </summary>
internal static class IntentionCheckCommand
{
    public static Command Create(CommonOptions common, CliEnvironment environment)
    {
        var source = ServiceNameArguments.Source();
        var destination = ServiceNameArguments.Destination();
        var method = new Option<string?>("--method") { Description = "HTTP method of the request (L7 check).", HelpName = "M" };
        var path = new Option<string?>("--path") { Description = "HTTP path of the request (L7 check).", HelpName = "P" };
        var headers = new Option<string[]>("--header")
        {
            Description = "A request header as NAME=VALUE; repeat for several.",
            HelpName = "K=V",
            Arity = ArgumentArity.ZeroOrMore,
        };
        path.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && !token.Value.StartsWith('/'))
            {
                result.AddError($"--path '{token.Value}' must start with '/'.");
            }
        });
        headers.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.IndexOf('=', StringComparison.Ordinal) <= 0)
                {
                    result.AddError($"--header '{token.Value}' is not NAME=VALUE; write e.g. --header x-tenant=blue.");
                }
            }
        });

        var command = new Command("check", "Decide whether SOURCE may call DESTINATION (exit 0 allow, 1 deny), and say which rule decided.")
        {
            source, destination, method, path, headers,
        };
        CommandRunner.SetAction(command, common, environment, async (parseResult, context, cancellationToken) =>
        {
            var request = new CheckRequest(
                parseResult.GetValue(source)!,
                parseResult.GetValue(destination)!,
                parseResult.GetValue(method)?.ToUpperInvariant(),
                parseResult.GetValue(path),
                ParseHeaders(parseResult.GetValue(headers)));
            using var client = context.CreateClient(admin: true);
            var decision = await client.CheckAsync(request, cancellationToken);
            if (context.Json)
            {
                context.WriteJson(decision, PolicyServerJson.Strict.CheckResponse);
            }
            else
            {
                // The first line is the decision, for `vmmesh intention check … | head -1`; then the server's own
                // explanation (it names the rule and the matcher), or rule and reason when it sent none.
                context.WriteLine(decision.Allowed ? "allow" : "deny");
                var rule = decision.Rule?.ToString() ?? "none (mesh default action)";
                if (string.IsNullOrWhiteSpace(decision.Explanation))
                {
                    context.WriteLine($"rule:   {rule}");
                    context.WriteLine($"reason: {decision.Reason}");
                }
                else
                {
                    context.WriteLine(decision.Explanation.TrimEnd());
                    if (decision.Rule is not null && !decision.Explanation.Contains(rule, StringComparison.Ordinal))
                    {
                        context.WriteLine($"rule:   {rule}");
                    }
                }
            }

            return decision.Allowed ? ExitCodes.Success : ExitCodes.Denied;
        });
        return command;
    }

    /// <summary>NAME=VALUE pairs; a repeated name is joined with "," as HTTP and the evaluator do.</summary>
    internal static Dictionary<string, string>? ParseHeaders(string[]? pairs)
    {
        if (pairs is null || pairs.Length == 0)
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs)
        {
            var split = pair.IndexOf('=', StringComparison.Ordinal);
            var name = pair[..split].Trim();
            var value = pair[(split + 1)..];
            headers[name] = headers.TryGetValue(name, out var existing) ? existing + "," + value : value;
        }

        return headers;
    }
}
