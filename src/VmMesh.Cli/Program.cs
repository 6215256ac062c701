// vmmesh: the operator CLI. Commands are composed in CliApplication; each feature folder owns its commands.
return await VmMesh.Cli.CliApplication.RunAsync(args);
