using Spectre.Console;

namespace StreamAE.Models.Training.Training;

/// <summary>
/// Shows training progress: a live Spectre.Console display (epoch and batch bars, losses, ETA) on an interactive
/// terminal, plain log lines (one per epoch) when output is redirected, e.g. in CI or a container log.
/// </summary>
public static class TrainingProgressDisplay
{
    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static T Run<T>(Func<ITrainingObserver, T> train, TextWriter log, bool? interactive = null)
    {
        if (!(interactive ?? IsInteractive))
        {
            return train(new PlainTrainingLog(log));
        }

        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => train(new LiveObserver(context)));
    }

    /// <summary>Two bars: epochs (ETA for the whole run) and the batches of the current epoch, with the latest losses.</summary>
    private sealed class LiveObserver(ProgressContext context) : ITrainingObserver
    {
        private ProgressTask? _epochs;
        private ProgressTask? _batches;
        private int _total;
        private string _last = string.Empty;

        public void Started(int epochs, int batchesPerEpoch, int trainWindows, int validationWindows, string device)
        {
            _total = epochs;
            AnsiConsole.MarkupLineInterpolated($"[grey]{trainWindows} training / {validationWindows} validation windows, {batchesPerEpoch} batches per epoch, device {device}[/]");
            _epochs = context.AddTask($"epoch 0/{epochs}", maxValue: epochs);
            _batches = context.AddTask("batch", maxValue: batchesPerEpoch);
        }

        public void BatchDone(int epoch, int batch, double loss)
        {
            if (batch == 1)
            {
                _batches!.Value = 0;
            }

            _batches!.Increment(1);
            _batches.Description = $"batch {batch}/{_batches.MaxValue} loss {loss:F4}";
            _epochs!.Description = $"epoch {epoch}/{_total}{_last}";
        }

        public void EpochDone(EpochResult result)
        {
            _last = $" train {result.TrainLoss:F4} val {result.ValidationLoss:F4}{(result.Improved ? " *" : string.Empty)}";
            _epochs!.Increment(1);
            _epochs.Description = $"epoch {result.Epoch}/{_total}{_last}";
        }
    }

    /// <summary>One line per epoch with both losses, time and an estimate of what is left.</summary>
    private sealed class PlainTrainingLog(TextWriter log) : ITrainingObserver
    {
        private int _epochs;
        private TimeSpan _elapsed;

        public void Started(int epochs, int batchesPerEpoch, int trainWindows, int validationWindows, string device)
        {
            _epochs = epochs;
            log.WriteLine($"training: {trainWindows} training / {validationWindows} validation windows, {batchesPerEpoch} batches per epoch, up to {epochs} epochs, device {device}");
        }

        public void BatchDone(int epoch, int batch, double loss)
        {
        }

        public void EpochDone(EpochResult result)
        {
            _elapsed += result.Elapsed;
            var eta = _elapsed / result.Epoch * (_epochs - result.Epoch);
            log.WriteLine(System.FormattableString.Invariant(
                $"epoch {result.Epoch}/{_epochs}: train {result.TrainLoss:F5} validation {result.ValidationLoss:F5}{(result.Improved ? " (best)" : string.Empty)} {result.Elapsed.TotalSeconds:F1}s, ETA ≤ {eta:mm\\:ss}"));
            log.Flush();
        }
    }
}
