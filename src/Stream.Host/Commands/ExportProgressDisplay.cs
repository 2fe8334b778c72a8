using System.Collections.Concurrent;
using System.Globalization;
using Spectre.Console;
using StreamAE.Connectors.Export;

namespace StreamAE.Host.Commands;

/// <summary>
/// Export progress: Spectre.Console bars (one per partition, and the alerts topic) on a terminal; plain lines at
/// every 10 % of a task when output is redirected (a log, a CI job, systemd).
/// </summary>
internal static class ExportProgressDisplay
{
    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static T Run<T>(Func<IExportProgress, T> export, TextWriter plain)
    {
        if (!IsInteractive)
        {
            return export(new Lines(plain));
        }

        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => export(new Bars(context)));
    }

    private sealed class Bars(ProgressContext context) : IExportProgress
    {
        private readonly ConcurrentDictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);

        public void Start(string task, long total) => _tasks[task] = context.AddTask(Markup.Escape(task), maxValue: Math.Max(1, total));

        public void Report(string task, long done)
        {
            if (_tasks.TryGetValue(task, out var t))
            {
                t.Value = Math.Min(done, t.MaxValue);
            }
        }
    }

    private sealed class Lines(TextWriter output) : IExportProgress
    {
        private readonly Dictionary<string, (long Total, int Tenths)> _tasks = new(StringComparer.Ordinal);

        public void Start(string task, long total)
        {
            _tasks[task] = (Math.Max(1, total), 0);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"export: {task}: {total} message(s) to read"));
        }

        public void Report(string task, long done)
        {
            if (!_tasks.TryGetValue(task, out var t))
            {
                return;
            }

            var tenths = (int)Math.Min(10, done * 10 / t.Total);
            if (tenths > t.Tenths)
            {
                _tasks[task] = (t.Total, tenths);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"export: {task}: {tenths * 10}% ({done} of {t.Total})"));
            }
        }
    }
}
