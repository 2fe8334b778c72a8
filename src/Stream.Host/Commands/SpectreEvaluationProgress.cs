using System.Collections.Concurrent;
using Spectre.Console;
using StreamAE.Evaluation.Running;

namespace StreamAE.Host.Commands;

/// <summary>Shows evaluation progress as Spectre.Console progress bars, one per detector and data set.</summary>
internal sealed class SpectreEvaluationProgress(ProgressContext context) : IEvaluationProgress
{
    private readonly ConcurrentDictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);

    public void Start(string task, int steps) => _tasks[task] = context.AddTask(Markup.Escape(task), maxValue: Math.Max(1, steps));

    public void Advance(string task)
    {
        if (_tasks.TryGetValue(task, out var t))
        {
            t.Increment(1);
        }
    }
}
