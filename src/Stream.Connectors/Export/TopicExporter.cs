using System.Text;
using Confluent.Kafka;
using StreamAE.Connectors.Json;
using StreamAE.Connectors.Kafka;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;

namespace StreamAE.Connectors.Export;

/// <summary>
/// <c>streamae export</c>: a time range of the input topic into training CSVs, without the readings inside alert
/// episodes. Bounded (each partition is read up to its end when the export first started, and at most
/// <see cref="ExportRequest.MaxReadings"/> readings are kept), resumable (<see cref="ExportState"/> beside the CSVs,
/// written every <see cref="ExportRequest.CheckpointEvery"/> messages and when stopped), and bad messages are counted and skipped with the service's
/// parser and checks. Where a partition starts: Kafka's offsets-for-times lookup for <see cref="ExportRequest.From"/>
/// (a reading is never produced before it is taken); a broker that answers "end" for a partition whose last message is
/// newer than that (librdkafka's mock cluster answers every lookup so) is read from its start instead.
/// </summary>
public sealed class TopicExporter(ExportRequest request, IExportProgress? progress = null)
{
    private const string AlertsTask = "alerts";

    public ExportResult Run(bool restart, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(request.OutDirectory);
        var state = restart ? null : ExportState.Load(request.OutDirectory);
        if (state is not null && state.Request != request.Identity())
        {
            throw new InvalidOperationException($"{request.OutDirectory} holds an export of another range, topic, sensor set or channel list ({ExportState.FileName}); use another --out, or --restart to replace it.");
        }

        var resumed = state is not null;
        if (state is null)
        {
            foreach (var file in Directory.GetFiles(request.OutDirectory, "*.csv"))
            {
                File.Delete(file); // --restart, or leftovers without a state: never mix two exports
            }

            state = new ExportState { Request = request.Identity() };
        }
        else if (state.Complete)
        {
            return Result(state, episodes: null, resumed);
        }

        TrainingCsvWriter.Rewind(request.OutDirectory, state);
        var episodes = ReadEpisodes(cancellationToken);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(ReaderConfig()).SetLogHandler((_, _) => { }).Build();
        if (!resumed)
        {
            PlanRanges(consumer, state);
        }

        var writer = new TrainingCsvWriter(request.OutDirectory, request.ChannelNames, state);
        var parser = new ReadingJsonParser(new ReadingJsonFormat
        {
            SensorField = request.Format.SensorField,
            TimestampField = request.Format.TimestampField,
            ValuesField = request.Format.ValuesField,
            NumericTimestampUnit = request.Format.NumericTimestampUnit,
            ChannelNames = request.ChannelNames,
        });
        var validator = new ReadingValidator(request.Limits);
        foreach (var (partition, range) in state.Partitions)
        {
            progress?.Start(Task(partition), range.End - range.Next);
        }

        var start = state.Partitions.ToDictionary(p => p.Key, p => p.Value.Next);
        var sinceCheckpoint = 0;
        try
        {
            var ranges = state.Partitions.ToDictionary(p => p.Key, p => (p.Value.Next, p.Value.End));
            foreach (var message in PartitionRangeReader.Read(consumer, request.Topic, ranges, request.StallTimeout, cancellationToken))
            {
                var partition = message.Partition.Value;
                Handle(message, state, writer, parser, validator, episodes);
                state.Partitions[partition].Next = message.Offset.Value + 1;
                if (++sinceCheckpoint >= request.CheckpointEvery)
                {
                    Checkpoint(writer, state, start);
                    sinceCheckpoint = 0;
                }

                if (state.Kept >= request.MaxReadings)
                {
                    state.LimitReached = true;
                    break;
                }
            }
        }
        finally
        {
            // Also when cancelled or failed: what was read so far is kept, and the next run resumes from here.
            Checkpoint(writer, state, start);
        }

        state.DroppedShortRows += writer.DropShort(request.MinRows);
        state.Complete = true;
        state.Save(request.OutDirectory);
        return Result(state, episodes, resumed);
    }

    private static string Task(int partition) => $"partition {partition}";

    private void Handle(ConsumeResult<byte[], byte[]> message, ExportState state, TrainingCsvWriter writer, ReadingJsonParser parser, ReadingValidator validator, AlertEpisodeIndex episodes)
    {
        state.Messages++;
        var value = message.Message.Value ?? [];
        if (value.Length > request.Limits.MaxMessageBytes)
        {
            Skip(state, SkipReason.TooLarge);
            return;
        }

        var key = message.Message.Key is { Length: > 0 } k ? Encoding.UTF8.GetString(k) : null;
        var parsed = parser.Parse(value, key);
        if (parsed.Reading is not { } reading)
        {
            Skip(state, parsed.Reason);
            return;
        }

        if (validator.Check(reading, request.ChannelNames.Count) is { } problem)
        {
            Skip(state, problem.Reason);
            return;
        }

        if (request.Sensors is { } sensors && !sensors.Contains(reading.SensorId))
        {
            state.OtherSensors++;
            return;
        }

        if (reading.Timestamp < request.From || reading.Timestamp >= request.To)
        {
            state.OutOfRange++;
            return;
        }

        if (writer.LastTimestamp(reading.SensorId) is { } last && reading.Timestamp <= last)
        {
            Skip(state, reading.Timestamp == last ? SkipReason.DuplicateTimestamp : SkipReason.OutOfOrder);
            return;
        }

        if (episodes.Excludes(reading.SensorId, reading.Timestamp))
        {
            state.InEpisodes++;
            writer.Seen(reading.SensorId, reading.Timestamp);
            writer.Break(reading.SensorId);
            return;
        }

        writer.Append(reading);
        state.Kept++;
    }

    private static void Skip(ExportState state, SkipReason reason) => state.Skipped[reason] = state.Skipped.GetValueOrDefault(reason) + 1;

    private void Checkpoint(TrainingCsvWriter writer, ExportState state, IReadOnlyDictionary<int, long> start)
    {
        writer.Checkpoint();
        state.Save(request.OutDirectory);
        foreach (var (partition, range) in state.Partitions)
        {
            progress?.Report(Task(partition), range.Next - start[partition]);
        }
    }

    /// <summary>Alert episodes (and drift events) from the alerts topic, read to its current end.</summary>
    private AlertEpisodeIndex ReadEpisodes(CancellationToken cancellationToken)
    {
        var index = new AlertEpisodeIndex();
        if (string.IsNullOrWhiteSpace(request.AlertsTopic))
        {
            index.Seal();
            return index;
        }

        using var consumer = new ConsumerBuilder<byte[], byte[]>(ReaderConfig()).SetLogHandler((_, _) => { }).Build();
        var ranges = Watermarks(consumer, request.AlertsTopic).ToDictionary(w => w.Key, w => (w.Value.Low.Value, w.Value.High.Value));
        progress?.Start(AlertsTask, ranges.Values.Sum(r => r.Item2 - r.Item1));
        long read = 0;
        foreach (var message in PartitionRangeReader.Read(consumer, request.AlertsTopic, ranges, request.StallTimeout, cancellationToken))
        {
            var value = message.Message.Value;
            if (value is { Length: > 0 })
            {
                try
                {
                    if (DriftEventJson.IsDrift(value))
                    {
                        if (DriftEventJson.Deserialize(value) is { } drift)
                        {
                            index.Add(drift);
                        }
                    }
                    else if (AlertJson.Deserialize(value) is { } alert)
                    {
                        index.Add(alert);
                    }
                }
                catch (System.Text.Json.JsonException)
                {
                    // Not an alert of ours: nothing to leave out for it.
                }
            }

            if (++read % 1000 == 0)
            {
                progress?.Report(AlertsTask, read);
            }
        }

        progress?.Report(AlertsTask, read);
        index.Seal();
        return index;
    }

    /// <summary>Each partition's range: from the first message at or after From, to the end as it is now.</summary>
    private void PlanRanges(IConsumer<byte[], byte[]> consumer, ExportState state)
    {
        var marks = Watermarks(consumer, request.Topic);
        IReadOnlyDictionary<int, long> byTime;
        try
        {
            byTime = consumer.OffsetsForTimes(
                    marks.Keys.Select(p => new TopicPartitionTimestamp(new TopicPartition(request.Topic, p), new Timestamp(request.From.UtcDateTime))),
                    request.StallTimeout)
                .ToDictionary(o => o.Partition.Value, o => o.Offset.Value);
        }
        catch (KafkaException)
        {
            byTime = new Dictionary<int, long>(); // no lookup by time here: read from the start
        }

        foreach (var (partition, mark) in marks)
        {
            var (low, high) = (mark.Low, mark.High);
            var startAt = low.Value;
            if (byTime.TryGetValue(partition, out var found) && found >= low.Value && found <= high.Value)
            {
                startAt = found;
            }
            else if (byTime.ContainsKey(partition) && high.Value > low.Value && LastTimestamp(consumer, partition, high.Value - 1) < request.From)
            {
                startAt = high.Value; // "end" and right: every message is older than From
            }

            state.Partitions[partition] = new ExportState.PartitionRange { Next = startAt, End = high.Value };
        }
    }

    private DateTimeOffset LastTimestamp(IConsumer<byte[], byte[]> consumer, int partition, long offset)
    {
        var ranges = new Dictionary<int, (long, long)> { [partition] = (offset, offset + 1) };
        foreach (var message in PartitionRangeReader.Read(consumer, request.Topic, ranges, request.StallTimeout, CancellationToken.None))
        {
            return message.Message.Timestamp.UtcDateTime;
        }

        return DateTimeOffset.MaxValue;
    }

    private Dictionary<int, WatermarkOffsets> Watermarks(IConsumer<byte[], byte[]> consumer, string topic)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(topic, request.StallTimeout).Topics.FirstOrDefault();
        if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
        {
            throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart, $"topic '{topic}' not found ({metadata?.Error.Reason ?? "no metadata"})"));
        }

        return metadata.Partitions.ToDictionary(
            p => p.PartitionId,
            p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), request.StallTimeout));
    }

    private ConsumerConfig ReaderConfig()
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = request.Kafka.BootstrapServers,
            GroupId = request.Kafka.GroupId + "-export",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = true,
            FetchWaitMaxMs = 50,
        };
        foreach (var (key, value) in request.Kafka.Settings)
        {
            config.Set(key, value);
        }

        return config;
    }

    private ExportResult Result(ExportState state, AlertEpisodeIndex? episodes, bool resumed) => new(
        state.Complete,
        state.LimitReached,
        state.Messages,
        state.Kept,
        state.InEpisodes,
        state.OutOfRange,
        state.OtherSensors,
        new Dictionary<SkipReason, long>(state.Skipped),
        state.FileRows.Count,
        state.Sensors.Count,
        state.DroppedShortRows,
        episodes?.Episodes ?? 0,
        episodes?.KeptForDrift ?? 0,
        resumed);
}
