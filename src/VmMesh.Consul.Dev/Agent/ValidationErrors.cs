using VmMesh.Consul.Dev.Http;

namespace VmMesh.Consul.Dev.Agent;

/// <summary>Collects errors and fails like Consul's multierror: "Validation failed: N errors occurred:\n\t* …\n\n".</summary>
internal sealed class ValidationErrors
{
    private readonly List<string> _errors = [];

    public void Add(string error) => _errors.Add(error);

    public void ThrowIfAny()
    {
        if (_errors.Count == 0)
        {
            return;
        }

        var head = _errors.Count == 1 ? "1 error occurred:" : $"{_errors.Count} errors occurred:";
        throw new ConsulHttpError(400, "Validation failed: " + head + "\n\t* " + string.Join("\n\t* ", _errors) + "\n\n");
    }
}
