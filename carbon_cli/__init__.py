"""carbon: track Jieyang's carbon-peaking plan (揭阳市碳达峰实施方案)."""

__version__ = "0.1.0"
