namespace StreamAE.Evaluation.Running;

/// <summary>Progress of an evaluation: one task per detector and data set, advanced per file or channel. Called from worker threads.</summary>
public interface IEvaluationProgress
{
    void Start(string task, int steps);

    void Advance(string task);
}
