"""The poller: the cycle, one message's decision, its leader lease, reprocess, the scheduler
and the parse-ahead worker, wired to real adapters by `app`."""
