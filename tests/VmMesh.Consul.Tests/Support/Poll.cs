namespace VmMesh.Consul.Tests.Support;

/// <summary>Polls a condition until it holds or a generous deadline passes (never a bare sleep).</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string what, Action? eachRound = null)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out waiting until {what}");
            }

            eachRound?.Invoke();
            await Task.Delay(10);
        }
    }
}
