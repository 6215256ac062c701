namespace VmMesh.PolicyServer.State;

/// <summary>"Something changed" for any number of waiters: <see cref="Next"/> completes at the next <see cref="Raise"/>.</summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next change after this property was read.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Raise() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
