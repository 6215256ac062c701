// vmmesh-policy-server: the mesh CA, join tokens, intentions with signed shards and the audit log; state in
// Consul KV. Switches are described by --help and in Hosting/PolicyServerCommand.cs.
return await VmMesh.PolicyServer.Hosting.PolicyServerProgram.RunAsync(args);
