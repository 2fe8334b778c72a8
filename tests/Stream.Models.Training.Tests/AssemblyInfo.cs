// Training tests hold LibTorch tensors and ONNX sessions; one at a time keeps memory and CPU use small on CI.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
