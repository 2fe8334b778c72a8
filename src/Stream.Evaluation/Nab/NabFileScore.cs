namespace StreamAE.Evaluation.Nab;

/// <summary>One file's raw NAB score under one profile, with its counts (detections in the probationary period are not counted).</summary>
public sealed record NabFileScore(double Score, int Windows, int DetectedWindows, int FalsePositives)
{
    public int MissedWindows => Windows - DetectedWindows;
}
