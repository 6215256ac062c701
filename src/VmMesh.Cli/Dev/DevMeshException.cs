namespace VmMesh.Cli.Dev;

/// <summary>A part of the dev mesh did not start; the message names the part and its log file.</summary>
internal sealed class DevMeshException(string message) : Exception(message);
