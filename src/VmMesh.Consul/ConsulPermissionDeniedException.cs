using System.Net;

namespace VmMesh.Consul;

/// <summary>
/// Consul answered 403: the ACL token lacks a permission, is unknown (<c>ACL not found</c>) or the endpoint is blocked.
/// The status is authoritative; the wording differs across versions.
/// </summary>
public sealed class ConsulPermissionDeniedException(string body) : ConsulException(HttpStatusCode.Forbidden, body);
