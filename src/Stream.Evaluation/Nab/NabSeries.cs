using StreamAE.Models.Data;

namespace StreamAE.Evaluation.Nab;

/// <summary>One NAB data file: its rows and its labelled windows as row indices.</summary>
public sealed class NabSeries(string category, string fileName, DateTimeOffset[] timestamps, float[] values, IReadOnlyList<NabWindow> windows)
{
    public string Category { get; } = category;

    /// <summary>The file name without extension, e.g. <c>nyc_taxi</c>; also the sensor id when it is replayed.</summary>
    public string Name { get; } = fileName;

    /// <summary>The key in combined_windows.json: <c>category/name.csv</c>.</summary>
    public string Key => $"{Category}/{Name}.csv";

    public DateTimeOffset[] Timestamps { get; } = timestamps;

    public float[] Values { get; } = values;

    public IReadOnlyList<NabWindow> Windows { get; } = windows;

    public int Rows => Timestamps.Length;

    public int ProbationaryRows => NabScorer.ProbationaryRows(Rows);

    /// <summary>
    /// The rows as a stream. NAB scores rows by index, and a few files repeat or go back in time (clock changes), which
    /// the pipeline would skip as bad input; such rows are replayed one second after the previous one so every row is scored.
    /// </summary>
    public TrainingSeries AsSeries()
    {
        var replay = (DateTimeOffset[])Timestamps.Clone();
        for (var i = 1; i < replay.Length; i++)
        {
            if (replay[i] <= replay[i - 1])
            {
                replay[i] = replay[i - 1].AddSeconds(1);
            }
        }

        return new TrainingSeries(Name, ["value"], Values, replay);
    }

    /// <summary>The probationary prefix: the only rows a detector may learn from before it is scored.</summary>
    public TrainingSeries ProbationaryPrefix() => AsSeries().Slice(0, ProbationaryRows);
}
