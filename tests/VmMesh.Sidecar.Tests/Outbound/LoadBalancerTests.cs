using Microsoft.Extensions.Time.Testing;
using VmMesh.Identity.Spiffe;
using VmMesh.Sidecar.Discovery;
using VmMesh.Sidecar.Outbound;

namespace VmMesh.Sidecar.Tests.Outbound;

public sealed class LoadBalancerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Pick_NoEndpoints_Null()
    {
        var balancer = new LoadBalancer(_time, new Random(1));

        Assert.Null(balancer.Pick(Endpoints()));
    }

    [Fact]
    public void Pick_TwoEndpointsOneBusy_AlwaysTheIdleOne()
    {
        var balancer = new LoadBalancer(_time, new Random(1));
        var endpoints = Endpoints(1, 2);
        var busy = balancer.Pick(endpoints)!;
        busy.Begin();

        for (var i = 0; i < 50; i++)
        {
            Assert.NotEqual(busy.Address, balancer.Pick(endpoints)!.Address);
        }
    }

    [Fact]
    public void Pick_ManyIdleEndpoints_SpreadsOverAll()
    {
        // 4 endpoints, 400 picks with no load: each is picked; with P2C on equal load the first candidate wins,
        // which is uniform, so every endpoint gets at least 50 of the expected 100 (a loose, stable bound).
        var balancer = new LoadBalancer(_time, new Random(7));
        var endpoints = Endpoints(1, 2, 3, 4);

        var counts = Enumerable.Range(0, 400).Select(_ => balancer.Pick(endpoints)!.Address.Port).GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(4, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 50, 150));
    }

    [Fact]
    public void Pick_EjectedEndpoint_SkippedUntilEjectionEnds()
    {
        var balancer = new LoadBalancer(_time, new Random(1));
        var endpoints = Endpoints(1, 2);
        var bad = balancer.Pick(endpoints)!;
        bad.Failed(_time.GetUtcNow(), threshold: 1, TimeSpan.FromSeconds(10));

        Assert.All(Enumerable.Range(0, 20), _ => Assert.NotEqual(bad.Address, balancer.Pick(endpoints)!.Address));

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Contains(bad.Address, Enumerable.Range(0, 50).Select(_ => balancer.Pick(endpoints)!.Address));
    }

    [Fact]
    public void Pick_AllEjected_PanicModeUsesThemAnyway()
    {
        var balancer = new LoadBalancer(_time, new Random(1));
        var endpoints = Endpoints(1);
        balancer.Pick(endpoints)!.Failed(_time.GetUtcNow(), threshold: 1, TimeSpan.FromSeconds(10));

        Assert.Equal(1, balancer.Pick(endpoints)!.Address.Port);
    }

    [Fact]
    public void Pick_Exclude_ReturnsAnotherOrNull()
    {
        var balancer = new LoadBalancer(_time, new Random(1));
        var single = Endpoints(1);
        var only = balancer.Pick(single)!;

        Assert.Null(balancer.Pick(single, exclude: only));
        var pair = Endpoints(1, 2);
        Assert.Equal(2, balancer.Pick(pair, exclude: only)!.Address.Port);
    }

    [Fact]
    public void Failed_BelowThreshold_NotEjected()
    {
        var state = new DestinationState(new EndpointAddress("127.0.0.1", 1));

        state.Failed(_time.GetUtcNow(), threshold: 3, TimeSpan.FromSeconds(10));
        state.Failed(_time.GetUtcNow(), threshold: 3, TimeSpan.FromSeconds(10));
        state.Succeeded();
        state.Failed(_time.GetUtcNow(), threshold: 3, TimeSpan.FromSeconds(10));

        Assert.False(state.IsEjected(_time.GetUtcNow()));
    }

    private static ServiceEndpoints Endpoints(params int[] ports) =>
        new(ServiceName.Parse("api"), [.. ports.Select(p => new EndpointAddress("127.0.0.1", p))], 1);
}
