using System.Security.Cryptography;

namespace VmMesh.Identity.Authority;

/// <summary>
/// A <see cref="Random"/> backed by the operating system's CSPRNG. The CA takes a <see cref="Random"/> so tests can
/// pass a seeded one; production uses this, because serial numbers must be unpredictable.
/// </summary>
public sealed class CryptoRandom : Random
{
    public static CryptoRandom Instance { get; } = new();

    public override void NextBytes(byte[] buffer) => RandomNumberGenerator.Fill(buffer);

    public override void NextBytes(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

    public override int Next() => RandomNumberGenerator.GetInt32(int.MaxValue);

    public override int Next(int maxValue) => RandomNumberGenerator.GetInt32(maxValue);

    public override int Next(int minValue, int maxValue) => RandomNumberGenerator.GetInt32(minValue, maxValue);

    public override double NextDouble() => Sample();

    protected override double Sample()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        // 53 random bits give every representable double in [0, 1) with equal spacing.
        return (BitConverter.ToUInt64(bytes) >> 11) * (1.0 / (1UL << 53));
    }
}
