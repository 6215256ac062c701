// `vmmesh intention …`: edit, inspect and test intentions (who may call whom) on the policy server.
using System.CommandLine;
using VmMesh.Policy.Model;

namespace VmMesh.Cli.Intentions;

/// <summary>The SOURCE and DESTINATION arguments, checked locally so a typo never reaches the server.</summary>
internal static class ServiceNameArguments
{
    public static Argument<string> Source() => Create("SOURCE", "The calling service, or * for every service.");

    public static Argument<string> Destination() => Create("DESTINATION", "The called service, or * for every service.");

    private static Argument<string> Create(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && !IntentionNames.IsServiceNameOrWildcard(token.Value))
            {
                result.AddError($"{name} '{token.Value}' is not a service name; {IntentionNames.Rule}.");
            }
        });
        return argument;
    }
}
