// The Kafka tests start mock clusters, consumer groups and timers; run them one at a time so that a shared 2-core
// machine cannot starve a group's heartbeats into a spurious rebalance.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
