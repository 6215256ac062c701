using Microsoft.Extensions.Logging;
using VmMesh.PolicyServer.Hosting;
using VmMesh.PolicyServer.Tests.Support;

namespace VmMesh.PolicyServer.Tests.Hosting;

public sealed class ServerCredentialsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public void EnsureIssued_CalledConcurrently_IssuesOnce()
    {
        var logger = new CountingLogger();
        var credentials = new ServerCredentials(server.Host.Parts.Cache, ServerFixture.TrustDomain, ["localhost"], server.Time, new Random(7), logger);
        const int callers = 8;
        using var barrier = new Barrier(callers);

        Parallel.For(0, callers, new ParallelOptions { MaxDegreeOfParallelism = callers }, _ =>
        {
            barrier.SignalAndWait(TimeSpan.FromSeconds(30));
            credentials.EnsureIssued();
        });

        Assert.Equal(1, logger.Issued);
    }

    /// <summary>Counts the "server certificates issued" events (4001).</summary>
    private sealed class CountingLogger : ILogger<ServerCredentials>
    {
        private int _issued;

        public int Issued => Volatile.Read(ref _issued);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 4001)
            {
                Interlocked.Increment(ref _issued);
            }
        }
    }
}
