using System.Net;
using Microsoft.Extensions.Time.Testing;
using VmMesh.PolicyServer.Client.Tests.Support;

namespace VmMesh.PolicyServer.Client.Tests.Client;

/// <summary>WatchRootsAsync long-polls with the last index and yields only changes.</summary>
public sealed class WatchRootsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static string Roots(long index) => $$"""{"trustDomain":"mesh.test","activeRootId":"sha256:ab","index":{{index}},"roots":[]}""";

    [Fact]
    public async Task WatchRoots_IndexUnchangedThenChanged_YieldsOnlyChanges()
    {
        var answers = new Queue<long>([3, 3, 5, 2]);
        var handler = new FakeHandler((_, _) => Task.FromResult(FakeHandler.Json(HttpStatusCode.OK, Roots(answers.Dequeue()))));
        using var client = ClientFixture.Create(handler);

        var seen = new List<long>();
        await foreach (var roots in client.WatchRootsAsync(wait: TimeSpan.FromSeconds(90)).WithCancellation(CancellationToken.None))
        {
            seen.Add(roots.Index);
            if (seen.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([3, 5, 2], seen);
        Assert.Equal(
            ["/v1/ca/roots", "/v1/ca/roots?index=3&wait=90s", "/v1/ca/roots?index=3&wait=90s", "/v1/ca/roots?index=5&wait=90s"],
            handler.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task WatchRoots_StartIndexGiven_WaitsForAChange()
    {
        var answers = new Queue<long>([4, 6]);
        var handler = new FakeHandler((_, _) => Task.FromResult(FakeHandler.Json(HttpStatusCode.OK, Roots(answers.Dequeue()))));
        using var client = ClientFixture.Create(handler);

        await using var watch = client.WatchRootsAsync(index: 4).GetAsyncEnumerator();
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Timeout));

        Assert.Equal(6, watch.Current.Index);
        Assert.Equal(["/v1/ca/roots?index=4&wait=30s", "/v1/ca/roots?index=4&wait=30s"], handler.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task WatchRoots_ServerFails_EndsWithException()
    {
        var handler = new FakeHandler(HttpStatusCode.ServiceUnavailable, """{"error":"no CA loaded yet"}""");
        using var client = ClientFixture.Create(handler);

        await using var watch = client.WatchRootsAsync().GetAsyncEnumerator();
        var ex = await Assert.ThrowsAsync<Errors.PolicyServerException>(() => watch.MoveNextAsync().AsTask().WaitAsync(Timeout));

        Assert.Equal("no CA loaded yet", ex.ServerMessage);
    }

    [Fact]
    public async Task WatchRoots_UnchangedAnswersAtOnce_WaitsBeforePollingAgain()
    {
        var time = new FakeTimeProvider();
        var answers = new Queue<long>([3, 3, 4]);
        var handler = new FakeHandler((_, _) => Task.FromResult(FakeHandler.Json(HttpStatusCode.OK, Roots(answers.Dequeue()))));
        using var client = ClientFixture.Create(handler, time: time);

        await using var watch = client.WatchRootsAsync().GetAsyncEnumerator();
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Timeout));
        var next = watch.MoveNextAsync().AsTask();

        // Step the fake clock until the watch moves on: the unchanged answer (index 3 again) came back at once, so
        // the next poll must wait a full MinimumPollInterval of (fake) time; a spinning watch would finish at once.
        var deadline = DateTime.UtcNow + Timeout;
        while (!next.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "the watch did not move on");
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(10);
        }

        Assert.True(await next);
        Assert.Equal(4, watch.Current.Index);
        Assert.Equal(3, handler.Requests.Count);
        Assert.True(time.GetUtcNow() - time.Start >= PolicyServerClient.MinimumPollInterval, $"polled again after {time.GetUtcNow() - time.Start}");
    }
}
