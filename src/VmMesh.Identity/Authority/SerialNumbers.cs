namespace VmMesh.Identity.Authority;

/// <summary>Random positive 128-bit certificate serial numbers (127 random bits; the top bit is clear so the DER INTEGER is positive).</summary>
internal static class SerialNumbers
{
    public const int Length = 16;

    public static byte[] Next(Random random)
    {
        var serial = new byte[Length];
        random.NextBytes(serial);
        serial[0] &= 0x7F;
        // A leading zero byte followed by a clear top bit would not be minimal DER; keep the first byte non-zero.
        if (serial[0] == 0)
        {
            serial[0] = 0x01;
        }

        return serial;
    }
}
