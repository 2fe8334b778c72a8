using StreamAE.Core.Domain;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// The last few windows the pipeline built, kept so that a new model can be smoke-tested on real, recent data
/// before it is swapped in. Thread-safe: the pipeline adds, the reload path reads.
/// </summary>
public sealed class RecentWindows(int capacity)
{
    private readonly SensorWindow?[] _ring = new SensorWindow?[Math.Max(1, capacity)];
    private readonly Lock _lock = new();
    private long _added;

    public int Capacity => _ring.Length;

    public void Add(SensorWindow window)
    {
        lock (_lock)
        {
            _ring[_added % _ring.Length] = window;
            _added++;
        }
    }

    /// <summary>The kept windows, oldest first.</summary>
    public IReadOnlyList<SensorWindow> Snapshot()
    {
        lock (_lock)
        {
            var count = (int)Math.Min(_added, _ring.Length);
            var result = new SensorWindow[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = _ring[(_added - count + i) % _ring.Length]!;
            }

            return result;
        }
    }
}
