using VmMesh.Consul;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Spiffe;
using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Model;
using VmMesh.PolicyServer.Hosting;

namespace VmMesh.PolicyServer.State;

/// <summary>
/// This replica's view of the shared state: an immutable <see cref="CaSnapshot"/> and <see cref="IntentionSet"/>,
/// each replaced whole. Watches (Consul blocking queries on the roots prefix and the intentions version) refresh
/// them; a replica also refreshes right after its own writes, so a caller reads what it just wrote. A snapshot
/// only ever moves forward (a late watch result cannot replace a newer one).
/// </summary>
internal sealed class StateCache(
    ConsulClient consul,
    CaStore caStore,
    IntentionStore intentionStore,
    TrustDomain trustDomain,
    TimeProvider timeProvider,
    Random random,
    CertificateLifetimeOptions lifetime,
    ILogger<StateCache> logger) : IDisposable
{
    private readonly SemaphoreSlim _caRefresh = new(1, 1);
    private readonly SemaphoreSlim _intentionRefresh = new(1, 1);
    private CaSnapshot? _ca;
    private IntentionSet _intentions = IntentionSet.Empty(MeshDefaults.DenyByDefault);
    private IReadOnlyDictionary<string, long> _documentVersions = new Dictionary<string, long>();

    public CaSnapshot? Ca => Volatile.Read(ref _ca);

    public IntentionSet Intentions => Volatile.Read(ref _intentions);

    /// <summary>Per destination, the intentions version its document was last written at (set together with <see cref="Intentions"/>).</summary>
    public IReadOnlyDictionary<string, long> DocumentVersions => Volatile.Read(ref _documentVersions);

    public ChangeSignal CaChanged { get; } = new();

    public ChangeSignal IntentionsChanged { get; } = new();

    /// <summary>The CA snapshot, or 503 while no CA is loaded yet.</summary>
    public CaSnapshot RequireCa() => Ca ?? throw Http.ApiException.Unavailable("no CA is loaded yet: the leader creates it at first start; retry shortly");

    public async Task RefreshCaAsync(CancellationToken cancellationToken)
    {
        await _caRefresh.WaitAsync(cancellationToken);
        try
        {
            var state = await caStore.LoadAsync(cancellationToken);
            var current = Ca;
            if (!state.IsInitialized || (current is not null && (state.LastIndex < current.State.LastIndex || state.ContentKey == current.State.ContentKey)))
            {
                return;
            }

            var revision = current is null ? (long)state.LastIndex.Value : Math.Max(current.Revision + 1, (long)state.LastIndex.Value);
            var snapshot = CaSnapshot.Build(revision, state, caStore, trustDomain, timeProvider, random, lifetime);
            Volatile.Write(ref _ca, snapshot);
            PolicyServerLog.CaLoaded(logger, snapshot.Bundle.ActiveRootId, snapshot.Bundle.Roots.Length, snapshot.Revision);
            CaChanged.Raise();
        }
        finally
        {
            _caRefresh.Release();
        }
    }

    public async Task RefreshIntentionsAsync(CancellationToken cancellationToken)
    {
        await _intentionRefresh.WaitAsync(cancellationToken);
        try
        {
            var state = await intentionStore.LoadAsync(cancellationToken);
            if (state.Version <= Intentions.Version.Value && !(state.Version == 0 && Intentions.Documents.Count > 0))
            {
                return;
            }

            var set = IntentionSet.Create(state.Documents, MeshDefaults.DenyByDefault, new IntentionVersion(state.Version));
            if (!set.IsValid)
            {
                PolicyServerLog.IntentionsInvalid(logger, state.Version, string.Join("; ", set.Errors));
                return;
            }

            Volatile.Write(ref _documentVersions, state.DocumentVersions);
            Volatile.Write(ref _intentions, set.Value!);
            PolicyServerLog.IntentionsLoaded(logger, state.Version, state.Documents.Count);
            IntentionsChanged.Raise();
        }
        finally
        {
            _intentionRefresh.Release();
        }
    }

    public void Dispose()
    {
        _caRefresh.Dispose();
        _intentionRefresh.Dispose();
    }

    /// <summary>Follows the roots and the intentions version until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(
        FollowAsync("ca roots", ct => consul.KV.WatchPrefix(KvKeys.RootsPrefix, ct).Select(r => r.Meta.LastIndex), RefreshCaAsync, cancellationToken),
        FollowAsync("intentions version", ct => consul.KV.Watch(KvKeys.IntentionsVersion, ct).Select(r => r.Meta.LastIndex), RefreshIntentionsAsync, cancellationToken));

    private async Task FollowAsync(string what, Func<CancellationToken, IAsyncEnumerable<ConsulIndex>> watch, Func<CancellationToken, Task> refresh, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var _ in watch(cancellationToken))
                {
                    await refresh(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                PolicyServerLog.WatchFailed(logger, ex, what);
                await Task.Delay(TimeSpan.FromSeconds(1), consul.Options.TimeProvider, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
