using StreamAE.Evaluation.Msl;

namespace StreamAE.Evaluation.Tests;

public sealed class DetectionMetricsTests
{
    [Fact]
    public void Event_wise_counts_overlaps_without_point_adjustment()
    {
        Interval[] labelled = [new(10, 20), new(50, 60), new(90, 95)];
        Interval[] predicted = [new(18, 25), new(30, 33), new(61, 70), new(92, 92), new(94, 99)];
        var counts = DetectionMetrics.EventWise(labelled, predicted);
        // [10,20] hit by [18,25]; [50,60] missed ([61,70] starts after it); [90,95] hit twice (one TP).
        // FPs: [30,33] and [61,70]; [92,92] and [94,99] overlap an event so they are not FPs.
        Assert.Equal(new EventCounts(2, 2, 1), counts);
        Assert.Equal(0.5, counts.Precision, 12);
        Assert.Equal(2.0 / 3, counts.Recall, 12);
        Assert.Equal(2 * 0.5 * (2.0 / 3) / (0.5 + (2.0 / 3)), counts.F1, 12);
    }

    [Fact]
    public void Delays_count_rows_from_event_start_to_first_overlapping_detection()
    {
        Interval[] labelled = [new(10, 20), new(50, 60), new(90, 95)];
        Interval[] predicted = [new(5, 11), new(55, 58), new(57, 70)];
        Assert.Equal([0, 5, null], DetectionMetrics.Delays(labelled, predicted));
    }

    [Fact]
    public void Point_wise_counts_rows()
    {
        bool[] labels = [false, true, true, false, true];
        bool[] predicted = [true, true, false, false, true];
        Assert.Equal(new EventCounts(2, 1, 1), DetectionMetrics.PointWise(labels, predicted));
        Assert.Throws<ArgumentException>(() => DetectionMetrics.PointWise(labels, [true]));
    }

    [Fact]
    public void Average_precision_is_1_for_a_perfect_ranking_and_hand_computed_otherwise()
    {
        Assert.Equal(1.0, DetectionMetrics.AveragePrecision([0.9, 0.8, 0.1, 0.2], [true, true, false, false]), 12);
        // Ranking: 0.9 (+), 0.8 (−), 0.7 (+), 0.1 (−): AP = 0.5·1 + 0.5·(2/3).
        Assert.Equal((0.5 * 1) + (0.5 * 2 / 3.0), DetectionMetrics.AveragePrecision([0.9, 0.8, 0.7, 0.1], [true, false, true, false]), 12);
        // Ties enter together: both at 0.5, one positive → precision 1/2 at recall 1.
        Assert.Equal(0.5, DetectionMetrics.AveragePrecision([0.5, 0.5], [true, false]), 12);
        Assert.True(double.IsNaN(DetectionMetrics.AveragePrecision([0.5], [false])));
    }
}
