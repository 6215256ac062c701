using VmMesh.Policy.Model;

namespace VmMesh.Cli.Intentions;

/// <summary>What an edit did.</summary>
/// <param name="Previous">The source entry before the edit; null when it was added.</param>
/// <param name="Version">The intentions version the change was written at.</param>
/// <param name="Attempts">How many read-change-write rounds it took (more than 1 after CAS conflicts).</param>
internal sealed record IntentionEdit(IntentionSource? Previous, IntentionVersion Version, int Attempts);
