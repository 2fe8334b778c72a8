using Confluent.Kafka;

namespace StreamAE.Host.Tests.Faults;

/// <summary>Reads a whole topic from the beginning, as any consumer of the service's output would.</summary>
internal static class TopicReader
{
    /// <summary>
    /// Every message of <paramref name="topic"/> (partitions 0 … <paramref name="partitions"/>−1) until <paramref name="until"/>
    /// holds. A reader that makes no progress for 3 s starts over: on the mock cluster a consumer that started on an empty
    /// partition while it was written to can stall. <paramref name="writer"/>, when given, is the service writing the
    /// topic: if it exits meanwhile, the read fails at once with its log instead of waiting out the timeout.
    /// </summary>
    public static List<ConsumeResult<byte[], byte[]>> Read(string bootstrap, string topic, int partitions, Func<List<ConsumeResult<byte[], byte[]>>, bool> until, TimeSpan timeout, ServiceProcess? writer = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var messages = new List<ConsumeResult<byte[], byte[]>>();
            using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
            {
                BootstrapServers = bootstrap,
                GroupId = "fault-suite-reader",
                FetchWaitMaxMs = 10,
                EnableAutoCommit = false,
                FetchMaxBytes = 8 * 1024 * 1024,
            }).SetLogHandler((_, _) => { }).Build();
            consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
            var progress = DateTime.UtcNow;
            while (!until(messages) && DateTime.UtcNow < deadline && DateTime.UtcNow - progress < TimeSpan.FromSeconds(3))
            {
                Assert.False(writer?.HasExited, $"the service exited ({(writer?.HasExited == true ? writer.ExitCode : 0)}) while '{topic}' was read:\n{writer?.Tail()}");
                if (consumer.Consume(TimeSpan.FromMilliseconds(50)) is { Message: not null } result)
                {
                    messages.Add(result);
                    progress = DateTime.UtcNow;
                }
            }

            if (until(messages))
            {
                return messages;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out reading '{topic}' with {messages.Count} message(s) read.");
        }
    }

    public static string? Header(ConsumeResult<byte[], byte[]> result, string name) =>
        result.Message.Headers?.TryGetLastBytes(name, out var bytes) == true ? System.Text.Encoding.UTF8.GetString(bytes) : null;
}
