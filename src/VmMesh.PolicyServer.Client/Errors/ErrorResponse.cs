// How failures travel: the server answers every error with {"error": "..."} and a status that carries the class;
// the client turns that, and any transport or TLS failure, into one PolicyServerException.
namespace VmMesh.PolicyServer.Client.Errors;

/// <summary>The body of every error answer.</summary>
/// <param name="Error">A sentence naming the problem and the fix.</param>
public sealed record ErrorResponse(string Error);
