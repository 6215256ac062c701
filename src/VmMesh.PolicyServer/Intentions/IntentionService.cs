using System.Text.Json.Nodes;
using VmMesh.Policy.Json;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Audit;
using VmMesh.PolicyServer.Http;
using VmMesh.PolicyServer.State;

namespace VmMesh.PolicyServer.Intentions;

/// <summary>Writes intention documents with CAS on the version and refreshes this replica's set right after.</summary>
internal sealed class IntentionService(IntentionStore store, StateCache cache, AuditRecorder audit)
{
    private const int MaxAttempts = 20;

    /// <summary>
    /// Puts (or, with null, deletes) the document of <paramref name="destination"/>; returns the new version. With
    /// <paramref name="cas"/>, only if the document was last written at that version (0: only if it does not exist).
    /// A concurrent write anywhere makes the transaction's version check fail, and the loop re-checks the CAS.
    /// </summary>
    public async Task<long> WriteAsync(string destination, IntentionDocument? document, long? cas, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var state = await store.LoadAsync(cancellationToken);
            var written = state.DocumentVersions.GetValueOrDefault(destination);
            if (cas is { } expected && written != expected)
            {
                throw ApiException.Conflict(written == 0
                    ? $"intentions for \"{destination}\" do not exist, so ?cas={expected} cannot match; create them with ?cas=0"
                    : $"intentions for \"{destination}\" were last written at version {written}, not {expected}; read them again and retry with ?cas={written}");
            }

            var before = state.Documents.FirstOrDefault(d => d.Destination == destination);
            if (document is null && before is null)
            {
                throw ApiException.NotFound(NotFoundMessage(destination));
            }

            var entry = audit.Create(
                AuditRecorder.AdminActor,
                document is null ? "intention.delete" : "intention.put",
                destination,
                ToNode(before),
                ToNode(document));
            if (await store.WriteAsync(state, destination, document, entry, cancellationToken) is { } version)
            {
                await cache.RefreshIntentionsAsync(cancellationToken);
                return version;
            }
        }

        throw ApiException.Conflict("intentions kept changing during this write; retry");
    }

    public static string NotFoundMessage(string destination) =>
        $"no intentions for destination \"{destination}\"; create them with PUT /v1/intentions/{destination}";

    public static JsonNode? ToNode(IntentionDocument? document) =>
        document is null ? null : JsonNode.Parse(IntentionDocumentWriter.ToCanonicalJson(document));
}
