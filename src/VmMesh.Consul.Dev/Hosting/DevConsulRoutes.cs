// The route table (contract §1.9, §11 minimum set): path → methods → handler, with which
// routes block and which refuse a foreign ?dc. Read top to bottom like the API reference.
using VmMesh.Consul.Dev.Agent;
using VmMesh.Consul.Dev.Catalog;
using VmMesh.Consul.Dev.Health;
using VmMesh.Consul.Dev.Http;
using VmMesh.Consul.Dev.Kv;
using VmMesh.Consul.Dev.Sessions;
using VmMesh.Consul.Dev.Txn;

namespace VmMesh.Consul.Dev.Hosting;

internal static class DevConsulRoutes
{
    public static RouteTable Build(DevConsulRuntime runtime)
    {
        var agent = new AgentEndpoints(runtime);
        var agentHealth = new AgentHealthEndpoints(runtime);
        var health = new HealthEndpoints(runtime);
        var catalog = new CatalogEndpoints(runtime);
        var kv = new KvEndpoints(runtime);
        var txn = new TxnEndpoint(runtime);
        var sessions = new SessionEndpoints(runtime);
        var table = new RouteTable();

        void Get(string path, RouteHandler handler, bool blockable = false, bool dc = false, string? missing = null)
            => table.Add(new Route(path, new Dictionary<string, RouteHandler> { ["GET"] = handler }, blockable, dc, missing));
        void Put(string path, RouteHandler handler, bool dc = false, string? missing = null)
            => table.Add(new Route(path, new Dictionary<string, RouteHandler> { ["PUT"] = handler }, false, dc, missing));

        Get("/v1/agent/self", agent.SelfAsync);
        Get("/v1/agent/services", agent.ServicesAsync);
        Get("/v1/agent/checks", agent.ChecksAsync);
        Get("/v1/agent/members", agent.MembersAsync);
        Get("/v1/agent/service/", agent.ServiceAsync, blockable: true, missing: "Missing service ID");
        Get("/v1/agent/health/service/id/", agentHealth.ByIdAsync, missing: "Missing serviceID");
        Get("/v1/agent/health/service/name/", agentHealth.ByNameAsync, missing: "Missing service Name");
        Put("/v1/agent/service/register", agent.RegisterAsync);
        Put("/v1/agent/service/deregister/", agent.DeregisterAsync, missing: "Missing service ID");
        Put("/v1/agent/service/maintenance/", agent.ServiceMaintenanceAsync, missing: "Missing service ID");
        Put("/v1/agent/check/register", agent.RegisterCheckAsync);
        Put("/v1/agent/check/deregister/", agent.DeregisterCheckAsync, missing: "Missing check ID");
        Put("/v1/agent/check/pass/", agent.PassAsync, missing: "Missing check ID");
        Put("/v1/agent/check/warn/", agent.WarnAsync, missing: "Missing check ID");
        Put("/v1/agent/check/fail/", agent.FailAsync, missing: "Missing check ID");
        Put("/v1/agent/check/update/", agent.UpdateAsync, missing: "Missing check ID");
        Put("/v1/agent/maintenance", agent.NodeMaintenanceAsync);

        Get("/v1/health/service/", health.ServiceAsync, blockable: true, dc: true, missing: "Missing service name");
        Get("/v1/health/connect/", health.ConnectAsync, blockable: true, dc: true, missing: "Missing service name");
        Get("/v1/health/checks/", health.ServiceChecksAsync, blockable: true, dc: true, missing: "Missing service name");
        Get("/v1/health/node/", health.NodeChecksAsync, blockable: true, dc: true, missing: "Missing node name");
        Get("/v1/health/state/", health.StateAsync, blockable: true, dc: true, missing: "Missing check state");

        Get("/v1/catalog/services", catalog.ServicesAsync, blockable: true, dc: true);
        Get("/v1/catalog/service/", catalog.ServiceAsync, blockable: true, dc: true, missing: "Missing service name");
        Get("/v1/catalog/connect/", catalog.ConnectAsync, blockable: true, dc: true, missing: "Missing service name");
        Get("/v1/catalog/nodes", catalog.NodesAsync, blockable: true, dc: true);
        Get("/v1/catalog/node/", catalog.NodeAsync, blockable: true, dc: true, missing: "Missing node name");
        Get("/v1/catalog/datacenters", catalog.DatacentersAsync);
        Get("/v1/status/leader", catalog.LeaderAsync, dc: true);
        Get("/v1/status/peers", catalog.PeersAsync, dc: true);

        table.Add(new Route(
            "/v1/kv/",
            new Dictionary<string, RouteHandler> { ["GET"] = kv.GetAsync, ["PUT"] = kv.PutAsync, ["DELETE"] = kv.DeleteAsync },
            Blockable: true,
            UsesDatacenter: true));
        Put("/v1/txn", txn.ApplyAsync, dc: true);

        Put("/v1/session/create", sessions.CreateAsync, dc: true);
        Put("/v1/session/destroy/", sessions.DestroyAsync, dc: true, missing: "Missing session");
        Put("/v1/session/renew/", sessions.RenewAsync, dc: true, missing: "Missing session");
        Get("/v1/session/info/", sessions.InfoAsync, blockable: true, dc: true, missing: "Missing session");
        Get("/v1/session/list", sessions.ListAsync, blockable: true, dc: true);
        Get("/v1/session/node/", sessions.NodeAsync, blockable: true, dc: true, missing: "Missing node name");
        return table;
    }
}
