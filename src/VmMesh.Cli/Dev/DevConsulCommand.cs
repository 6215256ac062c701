using System.CommandLine;
using System.Net.Sockets;
using VmMesh.Cli.Hosting;
using VmMesh.Consul.Dev;

namespace VmMesh.Cli.Dev;

/// <summary>
/// `vmmesh dev consul [--port 8500] [--token T]`: the embedded Consul-compatible dev server,
/// bound to 127.0.0.1, until Ctrl+C or SIGTERM.
/// </summary>
internal static class DevConsulCommand
{
    public const string TokenVariable = "VMMESH_DEV_CONSUL_TOKEN";

    public static Command Create()
    {
        var port = new Option<int>("--port")
        {
            Description = "TCP port on 127.0.0.1 (0 picks a free one).",
            DefaultValueFactory = _ => 8500,
        };
        port.Validators.Add(result =>
        {
            // Only judge a value that parsed as a number; the parser reports the rest.
            if (result.Tokens is [var portToken] && int.TryParse(portToken.Value, out var value) && value is < 0 or > 65535)
            {
                result.AddError($"--port {value} is not a TCP port; use 0-65535.");
            }
        });
        var token = new Option<string?>("--token")
        {
            Description = $"Require this ACL token on every request (X-Consul-Token or Authorization: Bearer); also read from {TokenVariable}.",
        };

        var command = new Command("consul", "Run the embedded Consul-compatible dev server (in memory) until Ctrl+C.") { port, token };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(port),
            parseResult.GetValue(token) ?? Environment.GetEnvironmentVariable(TokenVariable),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int port, string? token, CancellationToken cancellationToken)
    {
        using var loggerFactory = CliLogging.CreateLoggerFactory();
        var options = new DevConsulOptions { Port = port, Token = string.IsNullOrEmpty(token) ? null : token };
        DevConsulServer server;
        try
        {
            server = await DevConsulServer.StartAsync(options, loggerFactory, cancellationToken);
        }
        catch (Exception ex) when (IsAddressInUse(ex))
        {
            await Console.Error.WriteLineAsync(
                $"vmmesh dev consul: port {port} on {options.BindAddress} is already in use; stop the process that holds it or pass --port.");
            return ExitCodes.Unavailable;
        }

        await using (server)
        {
            await Console.Out.WriteLineAsync($"Dev Consul listening on {server.Address} (datacenter {options.Datacenter}{(options.Token is null ? string.Empty : ", ACL token required")}). Press Ctrl+C to stop.");
            await Console.Out.FlushAsync(CancellationToken.None);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop cleanly below.
            }

            await server.StopAsync(CancellationToken.None);
        }

        return ExitCodes.Success;
    }

    private static bool IsAddressInUse(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                || current is IOException { Message: var message } && message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
