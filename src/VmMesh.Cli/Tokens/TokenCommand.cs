// `vmmesh token create|list|revoke`: join tokens, which a new host spends on its first certificate.
using System.CommandLine;
using System.Globalization;
using VmMesh.Cli.Common;
using VmMesh.Consul.Json;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Client.Json;
using VmMesh.PolicyServer.Client.Tokens;

namespace VmMesh.Cli.Tokens;

/// <summary>The <c>token</c> command group.</summary>
internal static class TokenCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var common = new CommonOptions();
        var command = new Command("token", "Create, list and revoke join tokens (admin).");
        common.AddTo(command);
        command.Subcommands.Add(CreateCreate(common, environment));
        command.Subcommands.Add(CreateList(common, environment));
        command.Subcommands.Add(CreateRevoke(common, environment));
        return command;
    }

    private static Command CreateCreate(CommonOptions common, CliEnvironment environment)
    {
        var services = new Option<string[]>("--service")
        {
            Description = "A service the token may obtain certificates for; repeat for several.",
            HelpName = "NAME",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        services.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!IntentionNames.IsServiceName(token.Value))
                {
                    result.AddError($"--service '{token.Value}' is not a service name; {IntentionNames.Rule.Replace(", or \"*\"", string.Empty, StringComparison.Ordinal)}.");
                }
            }
        });
        var ttl = new Option<string>("--ttl")
        {
            Description = "How long the token stays valid, Go-style (e.g. 30m, 24h).",
            HelpName = "DURATION",
            DefaultValueFactory = _ => "24h",
        };
        ttl.Validators.Add(result =>
        {
            if (result.Tokens is [var value] && (!GoDuration.TryParse(value.Value, out var duration) || duration <= TimeSpan.Zero))
            {
                result.AddError($"--ttl '{value.Value}' is not a positive duration; use e.g. 30m, 24h or 168h.");
            }
        });
        var maxUses = new Option<int>("--max-uses")
        {
            Description = "How many certificates it may obtain (hosts it may join).",
            HelpName = "N",
            DefaultValueFactory = _ => 1,
        };
        maxUses.Validators.Add(result =>
        {
            if (result.Tokens is [var value] && int.TryParse(value.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var uses) && uses < 1)
            {
                result.AddError($"--max-uses {uses} must be at least 1.");
            }
        });

        var command = new Command("create", "Create a join token and print it (the secret is shown only now).") { services, ttl, maxUses };
        CommandRunner.SetAction(command, common, environment, async (parseResult, context, cancellationToken) =>
        {
            using var client = context.CreateClient(admin: true);
            var request = new CreateTokenRequest(
                parseResult.GetValue(services)!.Distinct(StringComparer.Ordinal).ToList(),
                parseResult.GetValue(ttl),
                parseResult.GetValue(maxUses));
            var created = await client.CreateTokenAsync(request, cancellationToken);
            if (context.Json)
            {
                context.WriteJson(created, PolicyServerJson.Strict.TokenCreated);
            }
            else
            {
                // Only the secret on stdout, so TOKEN=$(vmmesh token create ...) works; the details are diagnostics.
                context.WriteLine(created.Token);
                context.Note($"Created join token {created.Id} for {string.Join(", ", created.Services)}: {Uses(created.MaxUses)}, expires {CliText.Time(created.ExpiresAt)}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateList(CommonOptions common, CliEnvironment environment)
    {
        var command = new Command("list", "List join tokens (without their secrets).");
        CommandRunner.SetAction(command, common, environment, async (_, context, cancellationToken) =>
        {
            using var client = context.CreateClient(admin: true);
            var tokens = await client.ListTokensAsync(cancellationToken);
            if (context.Json)
            {
                context.WriteJson(tokens, PolicyServerJson.Strict.IReadOnlyListTokenInfo);
                return ExitCodes.Success;
            }

            var table = context.CreateTable("ID", "SERVICES", "USES LEFT", "EXPIRES", "CREATED");
            foreach (var token in tokens.OrderBy(t => t.CreatedAt))
            {
                CommandContext.AddRow(
                    table,
                    token.Id,
                    string.Join(",", token.Services),
                    $"{token.RemainingUses.ToString(CultureInfo.InvariantCulture)}/{token.MaxUses.ToString(CultureInfo.InvariantCulture)}",
                    CliText.Time(token.ExpiresAt),
                    CliText.Time(token.CreatedAt));
            }

            context.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateRevoke(CommonOptions common, CliEnvironment environment)
    {
        var id = new Argument<string>("ID") { Description = "The token's id (tok_…), as shown by 'vmmesh token list'." };
        var command = new Command("revoke", "Revoke a join token so no host can use it any more.") { id };
        CommandRunner.SetAction(command, common, environment, async (parseResult, context, cancellationToken) =>
        {
            var tokenId = parseResult.GetValue(id)!;
            using var client = context.CreateClient(admin: true);
            await client.RevokeTokenAsync(tokenId, cancellationToken);
            if (context.Json)
            {
                context.WriteJson(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", tokenId);
                    writer.WriteBoolean("revoked", true);
                    writer.WriteEndObject();
                });
            }
            else
            {
                context.WriteLine($"Revoked join token {tokenId}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string Uses(int uses) => uses == 1 ? "1 use" : $"{uses.ToString(CultureInfo.InvariantCulture)} uses";
}
