"""The importable module named by the probe package's entry_point (main.PvConformProbe)."""
