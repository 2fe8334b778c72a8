// Hosts in one process share the "StreamAE" meter name, so one host's Prometheus exporter would also count another
// host's instruments; the host tests therefore run one at a time (which also keeps the 2-core CI machine calm).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
