using System.Diagnostics;
using StreamAE.Core.Domain;

namespace StreamAE.Core.Observability;

/// <summary>Trace spans of the pipeline on the "StreamAE" activity source: one per scored batch and one per batch of alerts produced.</summary>
public static class StreamAeActivities
{
    public const string SourceName = "StreamAE";

    public static ActivitySource Source { get; } = new(SourceName, typeof(StreamAeActivities).Assembly.GetName().Version?.ToString());

    /// <summary>Null when nobody listens, so tracing costs nothing unless configured.</summary>
    public static Activity? StartScoreBatch(int windows, ModelDescriptor model)
    {
        var activity = Source.StartActivity("score batch");
        activity?.SetTag("streamae.batch.windows", windows);
        activity?.SetTag("streamae.model.name", model.Name);
        activity?.SetTag("streamae.model.version", model.Version);
        return activity;
    }

    public static Activity? StartJudgeBatch(int scores, ModelDescriptor model)
    {
        var activity = Source.StartActivity("judge batch");
        activity?.SetTag("streamae.batch.windows", scores);
        activity?.SetTag("streamae.model.version", model.Version);
        return activity;
    }
}
