// The intention model: what an operator writes, shaped like Consul's service-intentions config entry.
// Data flow: JSON --(IntentionDocumentParser: strict, every error collected)--> IntentionDocument
// --(IntentionSet.Create: validated, indexed)--> IntentionSet snapshot --(ShardCompiler)--> one payload per destination.
// These records are plain data; nothing here checks them. IntentionValidator does, and the evaluator only
// accepts documents that passed it.
namespace VmMesh.Policy.Model;

/// <summary>
/// The intentions of one destination service (or of every service, when <see cref="Destination"/> is <c>*</c>):
/// which sources may call it. JSON: <c>{"destination":"api","sources":[...]}</c>.
/// </summary>
/// <param name="Destination">The destination service name, or <c>*</c> for every destination.</param>
/// <param name="Sources">One entry per calling service (or <c>*</c>); each name appears once.</param>
public sealed record IntentionDocument(string Destination, IReadOnlyList<IntentionSource> Sources);
