namespace StreamAE.Models.Arp;

/// <summary>
/// A fitted AR(p) model per channel on normalised data: y_t = Σ_{i=1..p} a_i·y_{t−i} + ε_t.
/// <see cref="Coefficients"/>[c][i−1] is a_i of channel c; <see cref="ResidualVariance"/>[c] is Var(ε) on the training data.
/// </summary>
public sealed record ArpModel(int Order, double[][] Coefficients, double[] ResidualVariance)
{
    public int Channels => Coefficients.Length;
}
