namespace StreamAE.Core.IO;

/// <summary>Where a source sends the records the pipeline rejects (the Kafka service: its dead-letter topic).</summary>
public interface IRejectedInputSink
{
    /// <summary>Takes a rejected record; true when it was forwarded (dead-lettered), false when it is only skipped.</summary>
    bool Forward(RejectedInput rejected);
}
