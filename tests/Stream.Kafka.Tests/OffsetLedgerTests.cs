using Confluent.Kafka;
using StreamAE.Connectors.Kafka;

namespace StreamAE.Kafka.Tests;

/// <summary>The offset bookkeeping alone, without a broker: what may be committed, and when.</summary>
public class OffsetLedgerTests
{
    private static readonly TopicPartition P0 = new("readings", 0);
    private static readonly TopicPartition P1 = new("readings", 1);

    [Fact]
    public void A_consistent_point_commits_everything_before_it_when_nothing_is_pending_or_held()
    {
        var ledger = new OffsetLedger();
        ledger.Track(P0);
        Assert.Equal(120, ledger.Committable(P0, upTo: 120, oldestHold: null));
        ledger.MarkCommitted(P0, 120);
        Assert.Null(ledger.Committable(P0, upTo: 120, oldestHold: null)); // nothing new
        Assert.Equal(130, ledger.Committable(P0, upTo: 130, oldestHold: null));
    }

    [Fact]
    public void Acknowledgements_arriving_out_of_order_release_the_commit_only_up_to_the_first_unacknowledged_message()
    {
        var ledger = new OffsetLedger();
        ledger.Track(P0);
        ledger.Pending(P0, 5);
        ledger.Pending(P0, 9);
        ledger.Pending(P0, 7);

        ledger.Acknowledged(P0, 9);
        ledger.Acknowledged(P0, 7);
        Assert.Equal(5, ledger.Committable(P0, upTo: 12, oldestHold: null));

        ledger.Acknowledged(P0, 5);
        Assert.Equal(12, ledger.Committable(P0, upTo: 12, oldestHold: null));
    }

    [Fact]
    public void Two_things_pending_for_one_message_both_need_acknowledging()
    {
        var ledger = new OffsetLedger();
        ledger.Track(P0);
        ledger.Pending(P0, 4);
        ledger.Pending(P0, 4);
        ledger.Acknowledged(P0, 4);
        Assert.Equal(4, ledger.Committable(P0, upTo: 10, oldestHold: null));
        ledger.Acknowledged(P0, 4);
        Assert.Equal(10, ledger.Committable(P0, upTo: 10, oldestHold: null));
    }

    [Fact]
    public void A_quiet_sensor_holds_its_partition_back_until_it_reads_again_or_is_released()
    {
        var ledger = new OffsetLedger();
        ledger.Track(P0);
        ledger.Hold("busy", P0, 95);
        ledger.Hold("quiet", P0, 3); // its window still needs the readings from offset 3 on

        Assert.Equal(3, ledger.OldestHold(P0));
        Assert.Equal(3, ledger.Committable(P0, upTo: 100, oldestHold: ledger.OldestHold(P0)));

        ledger.Hold("quiet", P0, 98); // it read again: its window moved on
        Assert.Equal(95, ledger.Committable(P0, upTo: 100, oldestHold: ledger.OldestHold(P0)));

        ledger.Release("busy"); // evicted
        Assert.Equal(98, ledger.OldestHold(P0));
        Assert.Equal(["quiet"], ledger.SensorsOf(P0));
    }

    [Fact]
    public void A_point_is_committed_with_the_holds_it_was_taken_with_not_later_ones()
    {
        // Holds recorded later belong to checkpoints that may not be acknowledged yet.
        var ledger = new OffsetLedger();
        ledger.Track(P0);
        ledger.Hold("s", P0, 40);
        var holdAtPoint = ledger.OldestHold(P0);
        ledger.Hold("s", P0, 70);
        Assert.Equal(40, ledger.Committable(P0, upTo: 60, oldestHold: holdAtPoint));
    }

    [Fact]
    public void A_sensor_whose_readings_move_to_another_partition_releases_the_old_one()
    {
        var ledger = new OffsetLedger();
        ledger.Track(P0);
        ledger.Track(P1);
        ledger.Hold("s", P0, 10);
        ledger.Hold("s", P1, 4);
        Assert.Null(ledger.OldestHold(P0));
        Assert.Equal(4, ledger.OldestHold(P1));
    }

    [Fact]
    public void A_revoked_partition_is_forgotten_and_late_acknowledgements_for_it_are_ignored()
    {
        var ledger = new OffsetLedger();
        ledger.Track(P0);
        ledger.Track(P1);
        ledger.Pending(P0, 3);
        ledger.Hold("a", P0, 2);
        ledger.Hold("b", P1, 8);

        ledger.Forget(P0);
        ledger.Acknowledged(P0, 3);

        Assert.False(ledger.IsTracked(P0));
        Assert.Null(ledger.Committable(P0, upTo: 10, oldestHold: null));
        Assert.Empty(ledger.SensorsOf(P0));
        Assert.Equal(8, ledger.Committable(P1, upTo: 20, oldestHold: ledger.OldestHold(P1)));

        // Assigned again later: a fresh start, nothing of before.
        ledger.Track(P0);
        Assert.Equal(5, ledger.Committable(P0, upTo: 5, oldestHold: ledger.OldestHold(P0)));
    }

    [Fact]
    public void Restoring_from_checkpoints_remembers_where_poison_messages_were_already_dead_lettered_and_holds_the_replay()
    {
        var ledger = new OffsetLedger();
        ledger.Track(P0);
        ledger.DeadLetteredBefore(P0, 42);
        ledger.DeadLetteredBefore(P0, 17); // an older checkpoint of another sensor does not move it back
        ledger.Hold("restored", P0, 35); // the sensor replays from 35 to rebuild its window

        Assert.Equal(42, ledger.DeadLetteredBefore(P0));
        Assert.Equal(35, ledger.Committable(P0, upTo: 50, oldestHold: ledger.OldestHold(P0)));
        Assert.Equal(-1, ledger.DeadLetteredBefore(P1));
    }
}
