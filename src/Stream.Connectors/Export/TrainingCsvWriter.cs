using System.Globalization;
using System.Text;
using StreamAE.Core.Domain;

namespace StreamAE.Connectors.Export;

/// <summary>
/// Writes exported readings in the layout <c>train</c> reads: a directory of CSV files, <c>timestamp,&lt;channels&gt;</c>,
/// one per sensor and stretch (a stretch ends where an alert episode was left out, so no training window spans the
/// gap; <c>pump-7.csv</c>, <c>pump-7.1.csv</c>, ...). Rows are buffered and appended at each <see cref="Checkpoint"/>,
/// which records every file's length in the <see cref="ExportState"/>.
/// </summary>
public sealed class TrainingCsvWriter(string directory, IReadOnlyList<string> channelNames, ExportState state)
{
    private readonly Dictionary<string, StringBuilder> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stems = state.Sensors.Values.Select(s => s.Stem).ToHashSet(StringComparer.Ordinal);
    private readonly string _header = "timestamp," + string.Join(",", channelNames) + "\n";

    public void Append(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var sensor = SensorOf(reading.SensorId);
        if (sensor.Broken && state.FileRows.GetValueOrDefault(sensor.CurrentFile) > 0)
        {
            sensor.Stretch++;
        }

        sensor.Broken = false;
        sensor.Last = reading.Timestamp;
        var file = sensor.CurrentFile;
        if (!_pending.TryGetValue(file, out var rows))
        {
            rows = new StringBuilder();
            _pending.Add(file, rows);
        }

        rows.Append(reading.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
        foreach (var value in reading.Values)
        {
            rows.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
        }

        rows.Append('\n');
        state.FileRows[file] = state.FileRows.GetValueOrDefault(file) + 1;
    }

    /// <summary>A reading of the sensor was left out: its next kept reading starts a new stretch.</summary>
    public void Break(string sensorId) => SensorOf(sensorId).Broken = true;

    /// <summary>The sensor's last timestamp seen in range (kept or left out), for the order check.</summary>
    public DateTimeOffset? LastTimestamp(string sensorId) => state.Sensors.TryGetValue(sensorId, out var s) ? s.Last : null;

    public void Seen(string sensorId, DateTimeOffset timestamp) => SensorOf(sensorId).Last = timestamp;

    /// <summary>Appends the buffered rows to their files and records the files' lengths.</summary>
    public void Checkpoint()
    {
        foreach (var (file, rows) in _pending)
        {
            var path = Path.Combine(directory, file);
            var fresh = !File.Exists(path) || new FileInfo(path).Length == 0;
            using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            {
                if (fresh)
                {
                    writer.Write(_header);
                }

                writer.Write(rows);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            state.FileLengths[file] = new FileInfo(path).Length;
        }

        _pending.Clear();
    }

    /// <summary>Back to the last checkpoint: files cut to their recorded length, files written after it deleted.</summary>
    public static void Rewind(string directory, ExportState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var path in Directory.GetFiles(directory, "*.csv"))
        {
            var name = Path.GetFileName(path);
            if (!state.FileLengths.TryGetValue(name, out var length))
            {
                File.Delete(path);
                continue;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            if (stream.Length > length)
            {
                stream.SetLength(length);
            }
        }
    }

    /// <summary>Deletes files with fewer than <paramref name="minRows"/> rows; returns the rows dropped.</summary>
    public long DropShort(int minRows)
    {
        long dropped = 0;
        foreach (var (file, rows) in state.FileRows.ToArray())
        {
            if (rows >= minRows)
            {
                continue;
            }

            File.Delete(Path.Combine(directory, file));
            state.FileRows.Remove(file);
            state.FileLengths.Remove(file);
            dropped += rows;
        }

        return dropped;
    }

    private ExportState.SensorFile SensorOf(string sensorId)
    {
        if (!state.Sensors.TryGetValue(sensorId, out var sensor))
        {
            sensor = new ExportState.SensorFile { Stem = UniqueStem(sensorId) };
            state.Sensors.Add(sensorId, sensor);
        }

        return sensor;
    }

    // A file name from the sensor id: safe characters kept, the rest '_'; a short hash when two ids would collide.
    private string UniqueStem(string sensorId)
    {
        var safe = new string([.. sensorId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
        if (safe.Length == 0 || safe.Length > 100 || _stems.Contains(safe))
        {
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(sensorId)))[..8];
            safe = $"{safe[..Math.Min(safe.Length, 90)]}-{hash}";
        }

        _stems.Add(safe);
        return safe;
    }
}
