namespace VmMesh.Cli.Common;

/// <summary>How a command prints its data on stdout (<c>-o table|json</c>).</summary>
internal enum OutputFormat
{
    /// <summary>Human-readable tables (Spectre.Console); plain text when stdout is redirected.</summary>
    Table = 0,

    /// <summary>Indented JSON in the API's shapes, for scripts.</summary>
    Json = 1,
}
