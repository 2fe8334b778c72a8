using StreamAE.Evaluation.Detectors;

namespace StreamAE.Evaluation.Running;

/// <summary>What <see cref="Evaluator"/> runs and where it writes.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The folder holding <c>nab/</c> and <c>nasa-msl/</c>.</summary>
    public required string DataRoot { get; init; }

    public bool Nab { get; init; } = true;

    public bool Msl { get; init; } = true;

    /// <summary>Detector specs, e.g. <c>arp</c>, <c>zscore</c>, <c>random</c>, <c>arp/pot/ewma0.3</c>.</summary>
    public IReadOnlyList<string> Detectors { get; init; } = ["arp", "zscore", "random"];

    public DetectorSettings Settings { get; init; } = new();

    /// <summary>NAB: normal windows that close an episode.</summary>
    public int CooldownWindows { get; init; } = 16;

    /// <summary>MSL: cool-downs to report (the first is the strict one; the runs use it).</summary>
    public IReadOnlyList<int> MslCooldowns { get; init; } = [16, 256];

    /// <summary>For each calibrated detector, also report the same run without calibration (<c>&lt;spec&gt;/raw</c>: raw scores against the threshold from training rows).</summary>
    public bool ReportUncalibrated { get; init; } = true;

    /// <summary>MSL: only the telemetry channel (drop the one-hot command channels).</summary>
    public bool MslTelemetryOnly { get; init; }

    public IReadOnlyList<string> NabFilters { get; init; } = [];

    public IReadOnlyList<string> MslFilters { get; init; } = [];

    public int? MaxFiles { get; init; }

    /// <summary>Folder for results.json (and plots when there is no report).</summary>
    public required string OutDirectory { get; init; }

    /// <summary>Markdown report to write (plots go to a <c>results/</c> folder beside it); null: none.</summary>
    public string? ReportPath { get; init; }

    /// <summary>A hand-written Markdown file (observations) included in the report after the tables; null: none.</summary>
    public string? NotesPath { get; init; }

    /// <summary>Write every detector's output in NAB's results layout under this folder; null: don't.</summary>
    public string? NabResultsDirectory { get; init; }

    /// <summary>NAB files (key substrings) and MSL channels to plot per detector.</summary>
    public IReadOnlyList<string> PlotNab { get; init; } = ["machine_temperature_system_failure", "nyc_taxi", "ec2_cpu_utilization_825cc2"];

    public IReadOnlyList<string> PlotMsl { get; init; } = ["C-1", "T-5"];

    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>The command line that produced the run, quoted in the report.</summary>
    public string Command { get; init; } = "";
}
