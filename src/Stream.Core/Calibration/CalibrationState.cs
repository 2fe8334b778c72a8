using System.Text.Json.Serialization;

namespace StreamAE.Core.Calibration;

/// <summary>
/// One sensor's calibration state, as plain numbers for its checkpoint (System.Text.Json, with a <c>method</c>
/// discriminator). <see cref="ModelVersion"/> ties it to the model whose scores it learned: restored under another
/// model version it is discarded and the sensor learns afresh.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "method")]
[JsonDerivedType(typeof(LikelihoodState), "likelihood")]
[JsonDerivedType(typeof(DynamicThresholdState), "dynamicThreshold")]
public abstract record CalibrationState(string ModelVersion, long Windows);
