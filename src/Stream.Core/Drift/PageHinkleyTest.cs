namespace StreamAE.Core.Drift;

/// <summary>
/// One-sided Page-Hinkley test for a rise in a stream's mean: with x̄_t the mean of the stream so far,
/// m_t = Σ (x_i − x̄_i − δ) and M_t = min m_i, it fires when m_t − M_t exceeds λ. Kept in O(1) as
/// PH_t = max(0, PH_{t−1} + x_t − x̄_t − δ), which equals m_t − M_t. The reference is the stream's own past under the
/// model in service, so an estimate from few held-out windows cannot make a healthy sensor look drifted.
/// Not thread-safe.
/// </summary>
public sealed class PageHinkleyTest
{
    /// <summary>Observations so far.</summary>
    public long Count { get; private set; }

    /// <summary>x̄: the mean of the observations so far.</summary>
    public double Mean { get; private set; }

    /// <summary>m_t − M_t.</summary>
    public double Sum { get; private set; }

    /// <summary>Where the current excursion began (the first step after the sum was last zero); null while it is zero.</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>Adds one observation; true when the statistic is above <paramref name="limit"/>.</summary>
    public bool Add(double x, double slack, double limit, DateTimeOffset at)
    {
        Count++;
        Mean += (x - Mean) / Count;
        Sum = Math.Max(0, Sum + x - Mean - slack);
        if (Sum == 0)
        {
            Since = null;
        }
        else
        {
            Since ??= at;
        }

        return Sum > limit;
    }

    public void Restore(long count, double mean, double sum, DateTimeOffset? since)
    {
        Count = Math.Max(0, count);
        Mean = mean;
        Sum = Math.Max(0, sum);
        Since = Sum > 0 ? since : null;
    }
}
