using StreamAE.Core.Domain;

namespace StreamAE.Core.Alerts;

/// <summary>Ranks channels by their share of a window's error, so an alert says where to look.</summary>
public static class ChannelAttribution
{
    public static IReadOnlyList<ChannelContribution> Top(float[] channelErrors, IReadOnlyList<string> channelNames, int count)
    {
        double total = 0;
        foreach (var e in channelErrors)
        {
            total += Math.Max(0, e);
        }

        return channelErrors
            .Select((error, index) => new ChannelContribution(
                index < channelNames.Count ? channelNames[index] : $"ch{index}",
                error,
                total > 0 ? Math.Max(0, error) / total : 0))
            .OrderByDescending(c => c.Error)
            .Take(count)
            .ToArray();
    }
}
