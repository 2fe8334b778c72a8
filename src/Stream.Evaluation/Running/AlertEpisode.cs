namespace StreamAE.Evaluation.Running;

/// <summary>An alert episode in rows: opened at <see cref="OpenRow"/>, last anomalous window ending at <see cref="LastAnomalousRow"/>, closed at <see cref="CloseRow"/> (null: still open at the end).</summary>
public readonly record struct AlertEpisode(int OpenRow, int LastAnomalousRow, int? CloseRow);
