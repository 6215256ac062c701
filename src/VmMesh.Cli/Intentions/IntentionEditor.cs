using System.Net;
using VmMesh.Cli.Common;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Client;
using VmMesh.PolicyServer.Client.Errors;

namespace VmMesh.Cli.Intentions;

/// <summary>
/// Changes one source of a destination's intentions document: read it, change that source only, write it back
/// with <c>?cas=&lt;version read&gt;</c> (0 when there was none), and start over on 409 a bounded number of times,
/// so two operators editing different sources of the same destination never lose each other's change.
/// </summary>
internal static class IntentionEditor
{
    public const int MaxAttempts = 5;

    /// <summary>Sets <paramref name="source"/>'s L4 action, or removes the source when <paramref name="action"/> is null.</summary>
    public static async Task<IntentionEdit> EditAsync(PolicyServerClient client, string source, string destination, IntentionAction? action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        for (var attempt = 1; ; attempt++)
        {
            var current = await client.GetIntentionAsync(destination, cancellationToken);
            var sources = current?.Document.Sources.ToList() ?? [];
            var index = sources.FindIndex(s => s.Name == source);
            var previous = index >= 0 ? sources[index] : null;
            if (action is { } newAction)
            {
                var updated = new IntentionSource(source, newAction, Permissions: null, previous?.Description);
                if (index >= 0)
                {
                    sources[index] = updated;
                }
                else
                {
                    sources.Add(updated);
                }
            }
            else if (previous is null)
            {
                throw new CliFailure(ExitCodes.ServerRefused, $"there is no intention {source} -> {destination}, so there is nothing to delete; see 'vmmesh intention get {destination}'");
            }
            else
            {
                sources.RemoveAt(index);
            }

            var cas = current?.Version ?? new IntentionVersion(0);
            try
            {
                var written = sources.Count == 0
                    ? await client.DeleteIntentionAsync(destination, cas, cancellationToken)
                    : await client.PutIntentionAsync(new IntentionDocument(destination, sources), cas, cancellationToken);
                return new IntentionEdit(previous, written.Version, attempt);
            }
            catch (PolicyServerException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
            {
                if (attempt >= MaxAttempts)
                {
                    throw new CliFailure(ExitCodes.ServerRefused, $"the intentions for {destination} changed under this command {MaxAttempts} times in a row; run it again", ex);
                }
            }
        }
    }
}

