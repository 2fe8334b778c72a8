namespace StreamAE.Core.Domain;

/// <summary>One channel's part in an anomalous window: its error and its share of the summed channel errors.</summary>
public sealed record ChannelContribution(string Channel, double Error, double Share);
