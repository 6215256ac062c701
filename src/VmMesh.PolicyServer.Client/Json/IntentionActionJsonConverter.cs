using System.Text.Json;
using System.Text.Json.Serialization;
using VmMesh.Policy.Model;

namespace VmMesh.PolicyServer.Client.Json;

/// <summary><see cref="IntentionAction"/> as <c>"allow"</c> / <c>"deny"</c>, exactly (as in intention documents).</summary>
public sealed class IntentionActionJsonConverter : JsonConverter<IntentionAction>
{
    /// <inheritdoc />
    public override IntentionAction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() switch
        {
            "allow" => IntentionAction.Allow,
            "deny" => IntentionAction.Deny,
            var other => throw new JsonException($"action \"{other}\" is not \"allow\" or \"deny\"; use one of those"),
        }
        : throw new JsonException($"action must be the string \"allow\" or \"deny\", not {reader.TokenType}");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IntentionAction value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value == IntentionAction.Allow ? "allow" : "deny");
    }
}
