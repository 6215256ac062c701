using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using VmMesh.Policy.Evaluation;

namespace VmMesh.Sidecar.Authorization;

/// <summary>The request's headers as the evaluator reads them, without copying; repeated headers joined with ",".</summary>
internal sealed class RequestHeaders(IHeaderDictionary headers) : IIntentionHeaders
{
    public bool TryGetValue(string name, [NotNullWhen(true)] out string? value)
    {
        if (headers.TryGetValue(name, out var values) && values.Count > 0)
        {
            value = values.Count == 1 ? values[0]! : string.Join(',', values.ToArray());
            return true;
        }

        value = null;
        return false;
    }
}
