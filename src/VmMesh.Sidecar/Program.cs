// vmmesh-sidecar entry point: load and validate the configuration (every error printed, exit code 2, nothing
// started), then run the sidecar under the generic host until told to stop. The same binary runs in a console,
// under systemd (Type=notify: READY=1 once every part has started) and as a Windows service.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using VmMesh.PolicyServer.Client.Errors;
using VmMesh.Sidecar;
using VmMesh.Sidecar.Configuration;
using VmMesh.Sidecar.Hosting;
using VmMesh.Sidecar.Identity;

var config = SidecarConfigLoader.Load(args, SidecarConfigLoader.ProcessEnvironment());
if (!config.IsValid)
{
    foreach (var error in config.Errors)
    {
        await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
    }

    await Console.Error.WriteLineAsync($"vmmesh-sidecar: {config.Errors.Count} configuration error(s); nothing was started").ConfigureAwait(false);
    return ExitCodes.InvalidConfiguration;
}

// No args: every setting comes from the validated options, not from the host's own configuration sources.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Services.AddSerilog((_, logger) => logger
    .MinimumLevel.Information()
    .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
    .MinimumLevel.Override("Yarp", Serilog.Events.LogEventLevel.Warning)
    // The host logs a failed start with the whole stack; the catch below logs the cause in one line instead (an
    // exception it does not expect still reaches the runtime's unhandled-exception report).
    .MinimumLevel.Override("Microsoft.Extensions.Hosting", Serilog.Events.LogEventLevel.Fatal)
    .Enrich.FromLogContext()
    .WriteTo.Console(standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose));
builder.Services.AddSystemd();
builder.Services.AddWindowsService(options => options.ServiceName = "vmmesh-sidecar");
builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));
builder.Services.AddSingleton(config.Options);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => new SidecarRuntime(
    config.Options,
    sp.GetRequiredService<TimeProvider>(),
    new Random(),
    sp.GetRequiredService<ILoggerFactory>()));
builder.Services.AddHostedService(sp => sp.GetRequiredService<SidecarRuntime>());

using var host = builder.Build();
try
{
    // Start and wait rather than RunAsync: RunAsync disposes the host before an exception reaches the catch below,
    // which then could not log the cause (the process crashed with 134 instead of exiting 3).
    await host.StartAsync().ConfigureAwait(false);
    await host.WaitForShutdownAsync().ConfigureAwait(false);
    return ExitCodes.Success;
}
catch (Exception ex) when (ex is IdentityUnavailableException or PolicyServerException or IOException or HttpRequestException)
{
    HostLog.StartupFailed(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("VmMesh.Sidecar"), ex.Message);
    return ExitCodes.StartupFailed;
}
