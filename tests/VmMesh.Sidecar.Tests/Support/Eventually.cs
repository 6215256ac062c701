using Microsoft.Extensions.Time.Testing;

namespace VmMesh.Sidecar.Tests.Support;

/// <summary>Polls a condition with a generous real-time deadline instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static async Task TrueAsync(Func<bool> condition, string what, FakeTimeProvider? advance = null, TimeSpan? step = null)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {Deadline} waiting for: {what}");
            }

            // Moving a fake clock fires the timers that are due; the short real yield lets their continuations run.
            advance?.Advance(step ?? TimeSpan.FromSeconds(30));
            await Task.Delay(5);
        }
    }
}
