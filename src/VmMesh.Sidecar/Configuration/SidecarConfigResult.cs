using System.Diagnostics.CodeAnalysis;

namespace VmMesh.Sidecar.Configuration;

/// <summary>Either valid options or every error found, ready to print one per line.</summary>
internal sealed record SidecarConfigResult(SidecarOptions? Options, IReadOnlyList<string> Errors)
{
    [MemberNotNullWhen(true, nameof(Options))]
    public bool IsValid => Options is not null && Errors.Count == 0;

    public static SidecarConfigResult Failed(IEnumerable<string> errors) => new(null, [.. errors]);
}
