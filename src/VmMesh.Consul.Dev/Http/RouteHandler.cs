namespace VmMesh.Consul.Dev.Http;

/// <summary>Handles one request of a matched route.</summary>
internal delegate Task<ConsulReply> RouteHandler(RequestContext context);
