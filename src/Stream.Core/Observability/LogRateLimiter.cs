namespace StreamAE.Core.Observability;

/// <summary>
/// When a repeated event that comes in bursts (a Kafka client error while a broker is down, a warning per message) is
/// worth a log line: the first of each kind at once, then at most one per <see cref="Interval"/>, which carries how many
/// were left out since the last line. Unlike <see cref="LogSampling"/> (count-based) this bounds lines per second, so an
/// outage of any length writes a handful of lines. Thread-safe (client callbacks come from librdkafka's threads).
/// </summary>
public sealed class LogRateLimiter(TimeSpan interval, TimeProvider? time = null)
{
    /// <summary>Kinds tracked separately; beyond this, new kinds share one slot (kinds are error codes, not user data).</summary>
    public const int MaxKinds = 256;

    private const string OtherKinds = "(other)";

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public TimeSpan Interval => interval;

    /// <summary>
    /// Counts one event of <paramref name="kind"/>; true when it should be logged now, with <paramref name="suppressed"/>
    /// the events of this kind left out since the last line.
    /// </summary>
    public bool ShouldLog(string kind, out long suppressed)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_slots.TryGetValue(kind, out var slot))
            {
                if (_slots.Count >= MaxKinds)
                {
                    kind = OtherKinds;
                    _slots.TryGetValue(kind, out slot);
                }

                if (slot is null)
                {
                    _slots[kind] = new Slot { LastLogged = now };
                    suppressed = 0;
                    return true;
                }
            }

            if (now - slot.LastLogged >= interval)
            {
                suppressed = slot.Suppressed;
                slot.Suppressed = 0;
                slot.LastLogged = now;
                return true;
            }

            slot.Suppressed++;
            suppressed = slot.Suppressed;
            return false;
        }
    }

    private sealed class Slot
    {
        public DateTimeOffset LastLogged { get; set; }

        public long Suppressed { get; set; }
    }
}
