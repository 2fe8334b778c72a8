namespace StreamAE.Core.IO;

/// <summary>What a source does with a bad record.</summary>
public enum BadInputPolicy
{
    /// <summary>Count it, log it with file and line, go on (the default for streams).</summary>
    Skip,

    /// <summary>Stop with a <see cref="BadInputException"/> naming the file and line (for curated training data).</summary>
    Fail,
}
