// The append-only audit log as read by operators (`vmmesh audit`).
using System.Text.Json;

namespace VmMesh.PolicyServer.Client.Audit;

/// <summary>One element of <c>GET /v1/audit</c>: who changed what, when, with the state before and after.</summary>
/// <param name="Id">Time-ordered id.</param>
/// <param name="Time">When the change was made.</param>
/// <param name="Actor">Who made it, e.g. <c>admin</c>.</param>
/// <param name="Action">What was done, e.g. <c>intention.put</c>, <c>token.create</c>, <c>ca.rotate</c>.</param>
/// <param name="Target">What it was done to, e.g. a destination or a token id.</param>
/// <param name="Before">The object before the change (null for a creation). Never holds secrets.</param>
/// <param name="After">The object after the change (null for a deletion). Never holds secrets.</param>
public sealed record AuditEntry(
    string Id,
    DateTimeOffset Time,
    string Actor,
    string Action,
    string Target,
    JsonElement? Before = null,
    JsonElement? After = null);
