namespace StreamAE.Host.Serving;

/// <summary>What a look at the model location did.</summary>
public enum ReloadOutcome
{
    /// <summary>Nothing new deployed (or only the bundle already rejected).</summary>
    Unchanged,

    /// <summary>A new bundle passed validation and is in service.</summary>
    Swapped,

    /// <summary>A new bundle failed validation; the previous model keeps serving.</summary>
    Rejected,

    /// <summary>No model is loaded yet (or the run ended): nothing to swap.</summary>
    NotServing,
}
