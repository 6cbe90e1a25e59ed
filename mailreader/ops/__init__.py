"""What operators see and systemd hears: status and the heartbeat, metrics, logs, sd_notify,
the cycle's report, retention of raw mail, printing for a terminal."""
