// Composition root. Start-up order: data dir → Consul (dev: in process) → KEK and admin token → state cache and
// leader election → wait until a CA is loaded (the leader creates it) → own certificates → Kestrel (HTTPS only,
// certificate selector, optional client certificates) → endpoints. The same host runs under systemd
// (Type=notify), as a Windows service, in a terminal, and in tests.
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Serilog;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Compact;
using VmMesh.Consul;
using VmMesh.Consul.Dev;
using VmMesh.Consul.Watches;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Validation;
using VmMesh.PolicyServer.Audit;
using VmMesh.PolicyServer.Ca;
using VmMesh.PolicyServer.Health;
using VmMesh.PolicyServer.Http;
using VmMesh.PolicyServer.Intentions;
using VmMesh.PolicyServer.Leadership;
using VmMesh.PolicyServer.State;
using VmMesh.PolicyServer.Tokens;

namespace VmMesh.PolicyServer.Hosting;

/// <summary>One running policy-server replica.</summary>
internal sealed class PolicyServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly Task _background;
    private readonly DevConsulServer? _devConsul;
    private readonly ConsulClient _consul;
    private readonly SerilogLoggerFactory _loggerFactory;
    private readonly IDisposable[] _owned;
    private int _disposed;

    private PolicyServerHost(WebApplication app, CancellationTokenSource stopping, Task background, DevConsulServer? devConsul, ConsulClient consul, SerilogLoggerFactory loggerFactory, Uri address, string adminToken, Components components, IDisposable[] owned)
    {
        _app = app;
        _stopping = stopping;
        _background = background;
        _devConsul = devConsul;
        _consul = consul;
        _loggerFactory = loggerFactory;
        Address = address;
        AdminToken = adminToken;
        Parts = components;
        _owned = owned;
    }

    /// <summary>The bound HTTPS address (the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    public Uri ConsulAddress => _consul.Options.Address;

    public string AdminToken { get; }

    /// <summary>The replica's parts, for tests in this assembly family.</summary>
    internal Components Parts { get; }

    public static async Task<PolicyServerHost> StartAsync(PolicyServerOptions options, HostDependencies dependencies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dependencies);
        var serilog = CreateLogger(options, dependencies);
        var loggerFactory = new SerilogLoggerFactory(serilog, dispose: true);
        var log = loggerFactory.CreateLogger("VmMesh.PolicyServer");
        CreateDataDir(options.DataDir);

        DevConsulServer? devConsul = null;
        var consulAddress = options.Consul;
        if (consulAddress is null)
        {
            devConsul = await DevConsulServer.StartAsync(new DevConsulOptions { Port = options.DevConsulPort, Datacenter = options.Datacenter }, loggerFactory, cancellationToken);
            consulAddress = devConsul.Address;
            await dependencies.Output.WriteLineAsync($"Dev Consul listening on {devConsul.Address}");
        }

        if (options.Dev && options.KekFile is null)
        {
            SecretFiles.CreateKekIfMissing(options.KekPath);
        }

        var kek = new KeyEncryptionKey(SecretFiles.ReadKek(options.KekPath));
        var (adminToken, adminTokenCreated) = SecretFiles.ReadOrCreateAdminToken(options.AdminTokenPath, replace: options.Dev);
        var consul = new ConsulClient(new ConsulClientOptions
        {
            Address = consulAddress,
            Token = options.ConsulTokenFile is null ? null : SecretFiles.ReadConsulToken(options.ConsulTokenFile),
            LoggerFactory = loggerFactory,
            RequestTimeout = TimeSpan.FromSeconds(10),
            Watch = new WatchOptions { Wait = TimeSpan.FromMinutes(5), MinimumInterval = TimeSpan.FromMilliseconds(250), Burst = 4 },
        });

        var components = Compose(options, dependencies, consul, kek, loggerFactory);
        var stopping = new CancellationTokenSource();
        var background = RunBackground(components, options, log, stopping.Token);
        try
        {
            await WaitForCaAsync(components, log, cancellationToken);
            components.Credentials.EnsureIssued();
            var app = BuildApp(options, dependencies, serilog, components, consul, adminToken);
            await app.StartAsync(cancellationToken);
            var address = BoundAddress(app, options.Listen);
            PolicyServerLog.Listening(log, address, options.TrustDomain.Name, components.Replica.Id);
            await dependencies.Output.WriteLineAsync($"vmmesh-policy-server listening on {address} (trust domain {options.TrustDomain}, replica {components.Replica.Id})");
            await dependencies.Output.WriteLineAsync($"Trust bundle: {options.BundlePath}");
            if (options.Dev)
            {
                // Printed once, here; afterwards only the 0600 file holds it.
                await dependencies.Output.WriteLineAsync($"Admin token (also in {options.AdminTokenPath}): {adminToken}");
            }
            else if (adminTokenCreated)
            {
                await dependencies.Output.WriteLineAsync($"Created a new admin token in {options.AdminTokenPath}");
            }

            await dependencies.Output.FlushAsync(cancellationToken);
            return new PolicyServerHost(app, stopping, background, devConsul, consul, loggerFactory, address, adminToken, components, [components.Limiter, components.Metrics, components.Cache, kek]);
        }
        catch
        {
            await stopping.CancelAsync();
            await background.ContinueWith(_ => { }, TaskScheduler.Default);
            consul.Dispose();
            if (devConsul is not null)
            {
                await devConsul.DisposeAsync();
            }

            stopping.Dispose();
            loggerFactory.Dispose();
            throw;
        }
    }

    /// <summary>Completes when the host is asked to stop (SIGTERM, Ctrl+C, service stop).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync(CancellationToken.None);
        await _stopping.CancelAsync();
        await _background.ContinueWith(_ => { }, TaskScheduler.Default);
        await _app.DisposeAsync();
        _consul.Dispose();
        if (_devConsul is not null)
        {
            await _devConsul.DisposeAsync();
        }

        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _stopping.Dispose();
        _loggerFactory.Dispose();
    }

    private static Components Compose(PolicyServerOptions options, HostDependencies dependencies, ConsulClient consul, KeyEncryptionKey kek, SerilogLoggerFactory loggerFactory)
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

    private static Task RunBackground(Components parts, PolicyServerOptions options, Microsoft.Extensions.Logging.ILogger log, CancellationToken stopping) => Task.WhenAll(
        Guard("state watch", () => parts.Cache.RunAsync(stopping), log, stopping),
        Guard("leader election", () => parts.Leader.RunAsync(stopping), log, stopping),
        Guard("server certificates", () => parts.Credentials.RunAsync(stopping), log, stopping),
        Guard("trust bundle file", () => WriteBundleFileAsync(parts.Cache, options.BundlePath, log, stopping), log, stopping));

    private static async Task Guard(string name, Func<Task> run, Microsoft.Extensions.Logging.ILogger log, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            await run();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex)
        {
            PolicyServerLog.BackgroundFailed(log, ex, name);
        }
    }

    /// <summary>Keeps <c>ca.pem</c> equal to the current trust bundle, so curl --cacert and hosts can use it.</summary>
    private static async Task WriteBundleFileAsync(StateCache cache, string path, Microsoft.Extensions.Logging.ILogger log, CancellationToken stopping)
    {
        string? written = null;
        while (!stopping.IsCancellationRequested)
        {
            var changed = cache.CaChanged.Next;
            if (cache.Ca is { } ca && ca.BundlePem != written)
            {
                var temporary = path + ".tmp";
                await File.WriteAllTextAsync(temporary, ca.BundlePem, stopping);
                File.Move(temporary, path, overwrite: true);
                written = ca.BundlePem;
                PolicyServerLog.BundleFileWritten(log, path);
            }

            await changed.WaitAsync(stopping);
        }
    }

    private static async Task WaitForCaAsync(Components parts, Microsoft.Extensions.Logging.ILogger log, CancellationToken cancellationToken)
    {
        var logged = false;
        while (parts.Cache.Ca is null)
        {
            var changed = parts.Cache.CaChanged.Next;
            try
            {
                await parts.Cache.RefreshCaAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is ConsulException or HttpRequestException)
            {
                PolicyServerLog.WatchFailed(log, ex, "ca roots");
            }

            if (parts.Cache.Ca is not null)
            {
                return;
            }

            if (!logged)
            {
                PolicyServerLog.WaitingForCa(log);
                logged = true;
            }

            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken)).WaitAsync(cancellationToken);
        }
    }

    private static WebApplication BuildApp(PolicyServerOptions options, HostDependencies dependencies, Serilog.ILogger serilog, Components parts, ConsulClient consul, string adminToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Services.AddSerilog(serilog, dispose: false);
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(PolicyServerMetrics.MeterName));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes;
            var https = new HttpsConnectionAdapterOptions
            {
                ServerCertificateSelector = (_, _) => parts.Credentials.Current.TlsCertificate,
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,

                // Any client certificate is let through the handshake; the sign endpoint validates it against the
                // mesh trust bundle with LeafValidator, and no other endpoint looks at it.
                ClientCertificateValidation = (_, _, _) => true,
                SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
            };
            var host = options.Listen.Host;
            if (host is "localhost")
            {
                kestrel.ListenLocalhost(options.Listen.Port, listen => listen.UseHttps(https));
            }
            else if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
            {
                kestrel.Listen(ip, options.Listen.Port, listen => listen.UseHttps(https));
            }
            else
            {
                kestrel.ListenAnyIP(options.Listen.Port, listen => listen.UseHttps(https));
            }
        });

        var services = builder.Services;
        services.AddSingleton(dependencies.TimeProvider);
        services.AddSingleton(consul);
        services.AddSingleton(parts.Replica);
        services.AddSingleton(parts.Cache);
        services.AddSingleton(parts.Shards);
        services.AddSingleton(parts.Rotation);
        services.AddSingleton(parts.Leader);
        services.AddSingleton(parts.Tokens);
        services.AddSingleton(parts.Sign);
        services.AddSingleton(parts.Intentions);
        services.AddSingleton(parts.Audit);
        services.AddSingleton(new AdminAuthenticator(adminToken));

        var app = builder.Build();
        app.UseMiddleware<ApiErrorMiddleware>();
        CaEndpoints.Map(app);
        TokenEndpoints.Map(app);
        IntentionEndpoints.Map(app);
        AuditEndpoints.Map(app);
        HealthEndpoints.Map(app);
        app.MapFallback((HttpContext context) => throw ApiException.NotFound($"no such call: {context.Request.Method} {context.Request.Path}; see docs/policy-server-api.md"));
        return app;
    }

    private static Uri BoundAddress(WebApplication app, Uri listen)
    {
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;
        return new UriBuilder(listen) { Port = port }.Uri;
    }

    private static Serilog.Core.Logger CreateLogger(PolicyServerOptions options, HostDependencies dependencies)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(dependencies.MinimumLogLevel)
            .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
            .Enrich.FromLogContext();
        configuration = options.CompactLogs
            ? configuration.WriteTo.Console(new CompactJsonFormatter(), standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose)
            : configuration.WriteTo.Console(
                standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose,
                outputTemplate: "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        return configuration.CreateLogger();
    }

    private static void CreateDataDir(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The replica's parts, wired once.</summary>
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
        AuditRecorder Audit);
}
