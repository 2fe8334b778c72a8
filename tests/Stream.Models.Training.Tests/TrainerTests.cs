using Google.Protobuf;
using StreamAE.Models.Autoencoders;
using StreamAE.Models.Training.Training;

namespace StreamAE.Models.Training.Tests;

public class TrainerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Training_is_deterministic_for_a_seed_and_differs_for_another()
    {
        var series = TinyData.Series();
        var options = TinyData.Options(AutoencoderKinds.Transformer, epochs: 2);
        using var first = AutoencoderTrainer.Train([series], options, cancellationToken: Token);
        using var second = AutoencoderTrainer.Train([series], options, cancellationToken: Token);
        using var other = AutoencoderTrainer.Train([series], options with { Seed = 12 }, cancellationToken: Token);

        Assert.Equal(first.History.Select(h => h.TrainLoss), second.History.Select(h => h.TrainLoss));
        Assert.Equal(first.History.Select(h => h.ValidationLoss), second.History.Select(h => h.ValidationLoss));
        Assert.Equal(first.Network.ExportOnnx("t").ToByteArray(), second.Network.ExportOnnx("t").ToByteArray());
        Assert.NotEqual(first.History[0].TrainLoss, other.History[0].TrainLoss);
    }

    [Fact]
    public void Early_stopping_ends_training_and_keeps_the_best_validation_weights()
    {
        var series = TinyData.Series();
        // A learning rate far too high makes the validation loss stop improving quickly.
        var options = TinyData.Options(AutoencoderKinds.Ar, epochs: 40) with { LearningRate = 0.5, Patience = 2 };
        using var trained = AutoencoderTrainer.Train([series], options, cancellationToken: Token);

        Assert.True(trained.StoppedEarly);
        Assert.True(trained.History.Count < 40);
        Assert.Equal(trained.History.Count, trained.BestEpoch + options.Patience);
        var best = trained.History.MinBy(h => h.ValidationLoss)!;
        Assert.Equal(best.Epoch, trained.BestEpoch);

        // The kept weights are the best epoch's: re-evaluating them gives its validation loss.
        var validation = WindowSet.From(trained.Validation, trained.Normalization, options.Network.WindowLength, 1);
        var again = AutoencoderTrainer.Evaluate(trained.Network, validation, TorchSharp.torch.CPU);
        Assert.Equal(best.ValidationLoss, again, 5);
    }

    [Fact]
    public void Learning_reduces_the_training_loss()
    {
        var series = TinyData.Series();
        using var trained = AutoencoderTrainer.Train([series], TinyData.Options(AutoencoderKinds.Ar, epochs: 6), cancellationToken: Token);
        Assert.True(trained.History[^1].TrainLoss < trained.History[0].TrainLoss, $"train loss {trained.History[0].TrainLoss} → {trained.History[^1].TrainLoss}");
    }

    [Fact]
    public void Bad_options_and_too_little_data_are_refused_with_a_reason()
    {
        var series = TinyData.Series(rows: 20);
        var ex = Assert.Throws<ArgumentException>(() => AutoencoderTrainer.Train([series], TinyData.Options(AutoencoderKinds.Ar), cancellationToken: Token));
        Assert.Contains("Too little data", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => AutoencoderTrainer.Train([TinyData.Series()], TinyData.Options(AutoencoderKinds.Transformer) with { Network = TinyData.Network(AutoencoderKinds.Transformer) with { DModel = 9 } }, cancellationToken: Token));
        Assert.Contains("multiple of heads", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => AutoencoderTrainer.Train([TinyData.Series()], TinyData.Options(AutoencoderKinds.Ar) with { Device = "tpu" }, cancellationToken: Token));
        Assert.Contains("device", ex.Message);
    }
}
