using Rampa.DemoTarget;

namespace Rampa.Integration.Tests;

/// <summary>
/// A test that runs the real CLI against the demo target, served in this process on a free port, from a temporary
/// workspace. Both are created per test and cleaned up after it.
/// </summary>
public abstract class TargetTest : IAsyncLifetime
{
    protected DemoTargetServer Target { get; set; } = null!;
    protected Workspace Ws { get; } = new();

    public virtual async Task InitializeAsync() => Target = await DemoTargetServer.StartAsync();

    public virtual async Task DisposeAsync()
    {
        await Target.DisposeAsync();
        Ws.Dispose();
    }
}
