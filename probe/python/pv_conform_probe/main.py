"""The manifest's `entry_point` of the pv-conform probe package.

A Runner that validates a package imports this class; it is never run. The algorithm is the kit's
probe, which `python -m procvision_algorithm_sdk.adapter` starts in place of a Python adapter.
"""


class PvConformProbe:
    """Placeholder for validation: the probe answers calls as each scenario scripts it."""

    def get_info(self):
        return {"name": "pv_conform_probe", "supported_pids": ["PV-CONFORM"]}
