// `vmmesh audit`: the policy server's append-only log of changes (who, what, before/after, when).
using System.CommandLine;
using System.Globalization;
using VmMesh.Cli.Common;
using VmMesh.Consul.Json;
using VmMesh.PolicyServer.Client.Json;

namespace VmMesh.Cli.Audit;

/// <summary>The <c>audit</c> command.</summary>
internal static class AuditCommand
{
    public static Command Create(CliEnvironment environment, TimeProvider timeProvider)
    {
        var common = new CommonOptions();
        var since = new Option<string?>("--since")
        {
            Description = "Only entries at or after this time: RFC 3339 (2026-11-26T10:00:00Z) or an age (90m, 24h).",
            HelpName = "TIME",
        };
        since.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && ParseSince(token.Value, DateTimeOffset.UnixEpoch) is null)
            {
                result.AddError($"--since '{token.Value}' is neither an RFC 3339 time nor a duration; use e.g. 2026-11-26T10:00:00Z or 24h.");
            }
        });
        var limit = new Option<int?>("--limit") { Description = "At most this many entries.", HelpName = "N" };
        limit.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && int.TryParse(token.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value < 1)
            {
                result.AddError($"--limit {CliText.Number(value)} must be at least 1.");
            }
        });
        var command = new Command("audit", "Show the audit log of changes, oldest first (admin).") { since, limit };
        common.AddTo(command);
        CommandRunner.SetAction(command, common, environment, async (parseResult, context, cancellationToken) =>
        {
            var from = parseResult.GetValue(since) is { } text ? ParseSince(text, timeProvider.GetUtcNow()) : null;
            using var client = context.CreateClient(admin: true);
            var entries = await client.GetAuditAsync(from, parseResult.GetValue(limit), cancellationToken);
            if (context.Json)
            {
                context.WriteJson(entries, PolicyServerJson.Strict.IReadOnlyListAuditEntry);
                return ExitCodes.Success;
            }

            var table = context.CreateTable("TIME", "ACTOR", "ACTION", "TARGET");
            foreach (var entry in entries)
            {
                CommandContext.AddRow(table, CliText.Time(entry.Time), entry.Actor, entry.Action, entry.Target);
            }

            context.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>An RFC 3339 time, or a Go-style age counted back from <paramref name="now"/>; null when neither.</summary>
    internal static DateTimeOffset? ParseSince(string text, DateTimeOffset now)
    {
        if (GoDuration.TryParse(text, out var age) && age >= TimeSpan.Zero)
        {
            return now - age;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) && text.Contains('T', StringComparison.Ordinal)
            ? time
            : null;
    }
}
