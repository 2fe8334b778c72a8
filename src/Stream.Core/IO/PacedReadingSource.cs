using System.Runtime.CompilerServices;
using StreamAE.Core.Domain;

namespace StreamAE.Core.IO;

/// <summary>
/// Replays another source at <paramref name="speed"/> times real time, using the readings' own timestamps
/// (speed 10 plays an hour of data in 6 minutes). Pacing follows the first reading's clock; a source that goes
/// backwards in time is not delayed.
/// </summary>
public sealed class PacedReadingSource(IReadingSource inner, double speed, TimeProvider time) : IReadingSource
{
    public string Name => inner.Name;

    public async IAsyncEnumerable<Reading> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        DateTimeOffset? firstEvent = null;
        long startTicks = 0;
        await foreach (var reading in inner.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (firstEvent is null)
            {
                firstEvent = reading.Timestamp;
                startTicks = time.GetTimestamp();
            }
            else
            {
                var due = TimeSpan.FromTicks((long)((reading.Timestamp - firstEvent.Value).Ticks / speed));
                var wait = due - time.GetElapsedTime(startTicks);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }
            }

            yield return reading;
        }
    }
}
