using System.ComponentModel.DataAnnotations;

namespace StreamAE.Core.Pipeline;

public sealed class PipelineOptions
{
    /// <summary>Capacity of the bounded channel between the source and the Rx pipeline (backpressure point).</summary>
    [Range(1, 10_000_000, ErrorMessage = "Pipeline:ChannelCapacity must be between {1} and {2}.")]
    public int ChannelCapacity { get; set; } = 10_000;

    /// <summary>Most windows scored in one batch.</summary>
    [Range(1, 65_536, ErrorMessage = "Pipeline:MaxBatchSize must be between {1} and {2}.")]
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>Longest a window waits for its batch to fill (a quiet input is scored at once anyway).</summary>
    [Range(typeof(TimeSpan), "00:00:00.0001", "01:00:00", ErrorMessage = "Pipeline:MaxBatchWait must be between {1} and {2}.")]
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(50);
}
