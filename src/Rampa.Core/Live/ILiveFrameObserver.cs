namespace Rampa.Core.Live;

/// <summary>
/// Something a silo hands each new <see cref="LiveFrame"/> of the runs it orchestrates, e.g. the telemetry that
/// exports a run's merged view from a silo. Called once a second per run, off the recording path; it must not throw or
/// block (hand the frame over and return).
/// </summary>
public interface ILiveFrameObserver
{
    void OnFrame(LiveFrame frame);
}
