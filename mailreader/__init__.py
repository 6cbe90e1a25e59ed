"""mailreader: turns residents' e-mail into meter readings and answers every resident."""

__version__ = "0.1.0"
