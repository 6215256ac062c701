using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;
using Spectre.Console.Rendering;
using VmMesh.PolicyServer.Client;
using VmMesh.PolicyServer.Client.Trust;

namespace VmMesh.Cli.Common;

/// <summary>One command's resolved settings, and the ways it reaches the server and prints its data.</summary>
internal sealed class CommandContext(CliEnvironment environment, string server, string caFile, string? tokenFile, OutputFormat output)
{
    private static readonly JsonWriterOptions IndentedJson = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public CliEnvironment Environment { get; } = environment;

    public string Server { get; } = server;

    public string CaFile { get; } = caFile;

    public OutputFormat Output { get; } = output;

    public bool Json => Output == OutputFormat.Json;

    /// <summary>A client for the resolved server and trust bundle, with the admin token when <paramref name="admin"/>.</summary>
    public PolicyServerClient CreateClient(bool admin)
    {
        if (!Uri.TryCreate(Server, UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttps)
        {
            throw CliFailure.Usage($"--server '{Server}' is not an https:// URL; pass e.g. --server {CommonOptions.DefaultServer} or set {CommonOptions.ServerVariable}");
        }

        var adminToken = admin ? ReadAdminToken() : null;
        var trust = ReadTrust();
        return Environment.CreateClient(new PolicyServerClientOptions
        {
            ServerAddress = address,
            Trust = trust,
            ExpectedServerId = trust.PolicyServerId,
            AdminToken = adminToken,
        });
    }

    /// <summary>Writes <paramref name="value"/> as indented JSON in the API's shape.</summary>
    public void WriteJson<T>(T value, JsonTypeInfo<T> type)
    {
        var element = JsonSerializer.SerializeToElement(value, type);
        WriteJson(element.WriteTo);
    }

    /// <summary>Writes indented JSON produced by <paramref name="write"/>.</summary>
    public void WriteJson(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, IndentedJson))
        {
            write(writer);
        }

        Environment.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>A table with these column headers; borderless when stdout is redirected, so scripts can split on spaces.</summary>
    public Table CreateTable(params string[] headers)
    {
        var table = new Table { Border = Environment.IsOutputRedirected ? TableBorder.None : TableBorder.Rounded };
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)) { NoWrap = true });
        }

        return table;
    }

    /// <summary>Adds a row of plain text (never parsed as Spectre markup, so "[" in a value is safe).</summary>
    public static void AddRow(Table table, params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.AddRow(cells.Select(c => (IRenderable)new Text(c)));
    }

    public void Write(IRenderable renderable)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Environment.Out),
            Ansi = Environment.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = Environment.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
        });
        if (Environment.IsOutputRedirected)
        {
            // No terminal to fit: never wrap a line a script will parse.
            console.Profile.Width = 4096;
        }

        console.Write(renderable);
    }

    /// <summary>A line of data on stdout.</summary>
    public void WriteLine(string line) => Environment.Out.WriteLine(line);

    /// <summary>A diagnostic on stderr (never data).</summary>
    public void Note(string line) => Environment.Error.WriteLine(line);

    private string ReadAdminToken()
    {
        if (tokenFile is not null)
        {
            var token = ReadFile(tokenFile, "admin token file", $"pass the file the policy server wrote (<data-dir>/admin-token) with --token-file, or set {CommonOptions.AdminTokenVariable}").Trim();
            return token.Length > 0
                ? token
                : throw CliFailure.Usage($"the admin token file {tokenFile} is empty; pass the file the policy server wrote (<data-dir>/admin-token) with --token-file");
        }

        var fromEnvironment = Environment.GetVariable(CommonOptions.AdminTokenVariable)?.Trim();
        return string.IsNullOrEmpty(fromEnvironment)
            ? throw CliFailure.Usage($"this command needs the admin token; pass --token-file FILE (the policy server's --dev mode writes <data-dir>/admin-token) or set {CommonOptions.AdminTokenVariable}")
            : fromEnvironment;
    }

    private PolicyServerTrust ReadTrust()
    {
        var pem = ReadFile(CaFile, "trust bundle", $"pass --ca-file or set {CommonOptions.CaFileVariable}");
        try
        {
            return PolicyServerTrust.FromPem(pem);
        }
        catch (FormatException ex)
        {
            throw CliFailure.Unavailable($"the trust bundle {CaFile} is not usable: {ex.Message}; pass the ca.pem the policy server wrote with --ca-file or set {CommonOptions.CaFileVariable}", ex);
        }
    }

    /// <summary>Reads a small text file or fails with exit 3 and a message that names the file, the cause and the fix.</summary>
    public static string ReadFile(string path, string what, string fix)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw CliFailure.Unavailable($"cannot read the {what} {path} (not found); {fix}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw CliFailure.Unavailable($"cannot read the {what} {path} (permission denied); {fix}", ex);
        }
        catch (IOException ex)
        {
            throw CliFailure.Unavailable($"cannot read the {what} {path} ({ex.Message}); {fix}", ex);
        }
    }
}
