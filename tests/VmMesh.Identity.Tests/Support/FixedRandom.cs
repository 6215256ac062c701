namespace VmMesh.Identity.Tests.Support;

/// <summary>A Random whose NextDouble always returns the given value, to pin the renewal jitter at its ends.</summary>
public sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;

    protected override double Sample() => value;
}
