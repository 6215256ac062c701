// Sessions: creation checks the node and the attached checks; invalidation (destroy, TTL,
// a critical or removed check) releases or deletes the held keys and starts their lock-delay.
using VmMesh.Consul.Dev.Blocking;
using VmMesh.Consul.Dev.Http;

namespace VmMesh.Consul.Dev.State;

internal sealed partial class StateStore
{
    public SessionRecord CreateSession(SessionRecord draft)
    {
        var created = Write(batch =>
        {
            if (draft.Node != Node.Name)
            {
                throw new ConsulHttpError(500, "Missing node registration");
            }

            foreach (var id in draft.AllCheckIds)
            {
                if (!_checks.TryGetValue(id, out var check))
                {
                    throw new ConsulHttpError(500, $"Missing check '{id}' registration");
                }

                if (check.Status == CheckStatus.Critical)
                {
                    throw new ConsulHttpError(500, $"Check '{id}' is in {check.Status} state");
                }
            }

            var record = draft with { CreateIndex = batch.Index, ModifyIndex = batch.Index };
            _sessions[record.Id] = record;
            _sessionsIndex = batch.Index;
            batch.Wake(Topics.Sessions);
            return record;
        });
        return created;
    }

    /// <summary>Destroys (invalidates) a session; unknown IDs are fine (Consul answers true anyway).</summary>
    public void DestroySession(string id) => InvalidateSessions([id]);

    public void InvalidateSessions(IReadOnlyList<string> ids) => Write(batch =>
    {
        foreach (var id in ids)
        {
            InvalidateSession(batch, id);
        }

        return true;
    });

    public SessionRecord? Session(string id) => Read(() => _sessions.GetValueOrDefault(id));

    public (ulong Index, IReadOnlyList<SessionRecord> Sessions) Sessions(Func<SessionRecord, bool> filter)
        => Read(() => (_sessionsIndex, (IReadOnlyList<SessionRecord>)[.. _sessions.Values.Where(filter).OrderBy(s => s.CreateIndex).ThenBy(s => s.Id, StringComparer.Ordinal)]));

    private bool InvalidateSession(WriteBatch batch, string id)
    {
        if (!_sessions.Remove(id, out var session))
        {
            return false;
        }

        _sessionsIndex = batch.Index;
        batch.Wake(Topics.Sessions);
        _kv.InvalidateSession(batch, session);
        return true;
    }

    private void InvalidateSessionsForCheck(WriteBatch batch, string checkId)
    {
        foreach (var session in _sessions.Values.Where(s => s.AllCheckIds.Contains(checkId, StringComparer.Ordinal)).ToList())
        {
            InvalidateSession(batch, session.Id);
        }
    }
}
