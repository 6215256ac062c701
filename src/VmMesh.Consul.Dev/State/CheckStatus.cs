namespace VmMesh.Consul.Dev.State;

/// <summary>Consul's check status literals.</summary>
internal static class CheckStatus
{
    public const string Passing = "passing";
    public const string Warning = "warning";
    public const string Critical = "critical";

    public static bool IsValid(string? s) => s is Passing or Warning or Critical;
}
