using System.Net;
using VmMesh.Consul.Agent;
using VmMesh.Consul.Tests.Support;

namespace VmMesh.Consul.Tests.Agent;

public sealed class TtlHeartbeatTests
{
    private static readonly AgentServiceRegistration Registration = new()
    {
        Id = "web-1",
        Name = "web",
        Check = new AgentServiceCheck { CheckId = "web-1:ttl", Ttl = TimeSpan.FromSeconds(15) },
    };

    [Fact]
    public async Task Run_RegistersThenBeatsEveryThirdOfTtl()
    {
        using var test = new TestClient();
        test.Handler.Fallback = (_, _) => Task.FromResult(Replies.Empty());
        using var stop = new CancellationTokenSource();
        var heartbeat = new TtlHeartbeat(test.Client, Registration, "web-1:ttl", TimeSpan.FromSeconds(15), _ => Task.FromResult(new HeartbeatReport(CheckStatus.Warning, "slow disk")));

        var run = heartbeat.RunAsync(stop.Token);
        await Poll.UntilAsync(() => test.Handler.Count == 2, "registration and first beat");
        test.Time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(2, test.Handler.Count);
        await Poll.UntilAsync(() => test.Handler.Count == 3, "second beat", () => test.Time.Advance(TimeSpan.FromMilliseconds(100)));
        await stop.CancelAsync();
        await run.WaitAsync(TestClient.Timeout);

        var requests = test.Handler.Requests;
        Assert.Equal("/v1/agent/service/register?replace-existing-checks=true", requests[0].PathAndQuery);
        Assert.Equal("/v1/agent/check/update/web-1:ttl", requests[1].Uri.AbsolutePath);
        Assert.Equal("""{"Status":"warning","Output":"slow disk"}""", requests[1].BodyText);
        Assert.Equal(requests[1].BodyText, requests[2].BodyText);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "Unknown check ID \"web-1:ttl\". Ensure that the check ID is passed, not the check name.")]
    [InlineData(HttpStatusCode.InternalServerError, "CheckID \"web-1:ttl\" does not have associated TTL")]
    public async Task Run_AgentForgotCheck_ReregistersAndBeatsAtOnce(HttpStatusCode status, string body)
    {
        using var test = new TestClient();
        test.Handler
            .Enqueue(() => Replies.Empty())
            .Enqueue(() => Replies.Text(status, body))
            .Enqueue(() => Replies.Empty())
            .Enqueue(() => Replies.Empty());
        test.Handler.Fallback = (_, _) => Task.FromResult(Replies.Empty());
        using var stop = new CancellationTokenSource();

        var run = new TtlHeartbeat(test.Client, Registration, "web-1:ttl", TimeSpan.FromSeconds(15)).RunAsync(stop.Token);
        await Poll.UntilAsync(() => test.Handler.Count >= 4, "re-registration and beat");
        await stop.CancelAsync();
        await run.WaitAsync(TestClient.Timeout);

        Assert.Equal(
            ["/v1/agent/service/register", "/v1/agent/check/update/web-1:ttl", "/v1/agent/service/register", "/v1/agent/check/update/web-1:ttl"],
            test.Handler.Requests.Take(4).Select(r => r.Uri.AbsolutePath));
        Assert.Equal("""{"Status":"passing"}""", test.Handler.Requests[3].BodyText);
    }

    [Fact]
    public async Task Run_Cancelled_EndsWithoutException()
    {
        using var test = new TestClient();
        test.Handler.Fallback = (_, _) => Task.FromResult(Replies.Empty());
        using var stop = new CancellationTokenSource();

        var run = new TtlHeartbeat(test.Client, Registration, "web-1:ttl", TimeSpan.FromSeconds(15)).RunAsync(stop.Token);
        await Poll.UntilAsync(() => test.Handler.Count == 2, "first beat");
        await stop.CancelAsync();

        await run.WaitAsync(TestClient.Timeout);
        Assert.True(run.IsCompletedSuccessfully);
    }
}
