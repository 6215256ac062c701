namespace VmMesh.Consul.Dev.Filtering;

/// <summary>A filter that does not parse; the message carries bexpr-style position information.</summary>
internal sealed class FilterSyntaxException : Exception
{
    public FilterSyntaxException(string message)
        : base(message)
    {
    }

    public FilterSyntaxException()
    {
    }

    public FilterSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
