namespace VmMesh.Policy.Model;

/// <summary>
/// The HTTP part of a permission. At most one of the three path matchers; <see cref="Methods"/> empty means any
/// method; every <see cref="Header"/> matcher must hold (AND). Regular expressions must match the whole path.
/// </summary>
/// <param name="PathExact">The path must equal this (case-sensitive; the query string is never part of the path).</param>
/// <param name="PathPrefix">The path must start with this (plain string prefix, as in Consul/Envoy: "/api" matches "/apis").</param>
/// <param name="PathRegex">The whole path must match this .NET regular expression (RE2-compatible subset).</param>
/// <param name="Methods">Upper-case HTTP methods; empty or null means any.</param>
/// <param name="Header">Header matchers, all of which must hold.</param>
public sealed record HttpMatch(
    string? PathExact = null,
    string? PathPrefix = null,
    string? PathRegex = null,
    IReadOnlyList<string>? Methods = null,
    IReadOnlyList<HeaderMatch>? Header = null);
