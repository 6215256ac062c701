// Composition root. Start-up order: data dir → Consul (dev: in process) → KEK and admin token → state cache and
// leader election → wait until a CA is loaded (the leader creates it) → own certificates → Kestrel (HTTPS only,
// certificate selector, optional client certificates) → endpoints. The same host runs under systemd
// (Type=notify), as a Windows service, in a terminal, and in tests.
using Serilog.Extensions.Logging;
using VmMesh.Consul;
using VmMesh.Consul.Dev;
using VmMesh.Consul.Watches;
using VmMesh.PolicyServer.State;

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
        var serilog = PolicyServerWebApp.CreateLogger(options, dependencies);
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

        var components = Components.Compose(options, dependencies, consul, kek, loggerFactory);
        var stopping = new CancellationTokenSource();
        var background = RunBackground(components, options, log, stopping.Token);
        try
        {
            await WaitForCaAsync(components, log, cancellationToken);
            components.Credentials.EnsureIssued();
            var app = PolicyServerWebApp.Build(options, dependencies, serilog, components, consul, adminToken);
            await app.StartAsync(cancellationToken);
            var address = PolicyServerWebApp.BoundAddress(app, options.Listen);
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
}
