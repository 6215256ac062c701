using Serilog.Extensions.Logging;
using VmMesh.Consul;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Validation;
using VmMesh.PolicyServer.Audit;
using VmMesh.PolicyServer.Ca;
using VmMesh.PolicyServer.Intentions;
using VmMesh.PolicyServer.Leadership;
using VmMesh.PolicyServer.State;
using VmMesh.PolicyServer.Tokens;

namespace VmMesh.PolicyServer.Hosting;

/// <summary>A replica's parts, wired once in <see cref="Compose"/>; endpoints get them from DI, tests from the host.</summary>
internal sealed record Components(
    ReplicaIdentity Replica,
    StateCache Cache,
    ServerCredentials Credentials,
    ShardSigner Shards,
    RootRotation Rotation,
    RootPruner Pruner,
    StatePublisher Publisher,
    LeaderService Leader,
    JoinTokens Tokens,
    SigningLimiter Limiter,
    PolicyServerMetrics Metrics,
    SignService Sign,
    IntentionService Intentions,
    AuditRecorder Audit)
{
    public static Components Compose(PolicyServerOptions options, HostDependencies dependencies, ConsulClient consul, KeyEncryptionKey kek, SerilogLoggerFactory loggerFactory)
    {
        var time = dependencies.TimeProvider;
        var random = dependencies.Random;
        var lifetime = CertificateLifetimeOptions.Default with { LeafLifetime = options.LeafTtl };
        var replica = new ReplicaIdentity(Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)));
        var caStore = new CaStore(consul, kek);
        var intentionStore = new IntentionStore(consul);
        var audit = new AuditRecorder(consul, time, random);
        var cache = new StateCache(consul, caStore, intentionStore, options.TrustDomain, time, random, lifetime, loggerFactory.CreateLogger<StateCache>());
        var credentials = new ServerCredentials(cache, options.TrustDomain, options.Advertise, time, random, loggerFactory.CreateLogger<ServerCredentials>());
        var shards = new ShardSigner(cache, credentials);
        var rotation = new RootRotation(caStore, cache, audit, options.TrustDomain, time, random, lifetime);
        var pruner = new RootPruner(caStore, cache, audit, time, lifetime);
        var publisher = new StatePublisher(consul, cache, credentials, shards, loggerFactory.CreateLogger<StatePublisher>());
        var leader = new LeaderService(consul, options, replica.Id, cache, credentials, rotation, pruner, publisher, loggerFactory.CreateLogger<LeaderService>());
        var tokens = new JoinTokens(new TokenStore(consul), audit, time);
        var limiter = new SigningLimiter(options.Signing, time);
        var metrics = new PolicyServerMetrics();
        var sign = new SignService(cache, tokens, new LeafValidator(time), limiter, metrics, options.Datacenter);
        var intentions = new IntentionService(intentionStore, cache, audit);
        return new Components(replica, cache, credentials, shards, rotation, pruner, publisher, leader, tokens, limiter, metrics, sign, intentions, audit);
    }
}
