namespace StreamAE.Evaluation.Nab;

/// <summary>A labelled anomaly window as inclusive row indices of its file.</summary>
public readonly record struct NabWindow(int Start, int End)
{
    public int Width => End - Start + 1;

    public bool Contains(int row) => row >= Start && row <= End;
}
