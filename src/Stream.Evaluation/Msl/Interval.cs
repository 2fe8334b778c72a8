namespace StreamAE.Evaluation.Msl;

/// <summary>An inclusive range of rows.</summary>
public readonly record struct Interval(int Start, int End)
{
    public int Length => End - Start + 1;

    public bool Overlaps(Interval other) => Start <= other.End && other.Start <= End;
}
