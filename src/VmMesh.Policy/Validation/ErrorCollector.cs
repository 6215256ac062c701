using System.Text.Encodings.Web;
using System.Text.Json;

namespace VmMesh.Policy.Validation;

/// <summary>Collects validation messages as "{entity}: {path} {text}" so every message names what it is about.</summary>
internal sealed class ErrorCollector(string entity)
{
    private readonly List<string> _errors = [];

    /// <summary>The thing being validated, e.g. <c>intentions for "api"</c>; set as soon as it is known.</summary>
    public string Entity { get; set; } = entity;

    public IReadOnlyList<string> Errors => _errors;

    public int Count => _errors.Count;

    /// <summary>Adds "{entity}: {path} {text}", or "{entity}: {text}" for the root.</summary>
    public void Add(string path, string text) =>
        _errors.Add(path.Length == 0 ? $"{Entity}: {text}" : $"{Entity}: {path} {text}");

    /// <summary>Adds a message that is already complete.</summary>
    public void AddRaw(string message) => _errors.Add(message);

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static string Index(string path, int index) => $"{path}[{index}]";

    /// <summary>A value as it would be written in JSON (quoted, escaped), so a bad value can't forge a message.</summary>
    public static string Quote(string value) => JsonSerializer.Serialize(value, QuoteOptions);

    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
