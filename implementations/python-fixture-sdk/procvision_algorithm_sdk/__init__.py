"""A small stand-in for the ProcVision algorithm SDK, written from the kit's rule inventory.

It exists so that the Python shim (adapters/python/pv_conform_shim.py) can be tested without
the real SDK. It is conformant under the kit's default profile; PV_FIXTURE_MUTANT selects a
deliberately broken variant (see shared_memory.py).
"""
from .shared_memory import (
    dev_clear_shared_memory,
    dev_write_image_to_shared_memory,
    read_image_from_shared_memory,
    write_image_array_to_shared_memory,
)

__version__ = "0.1.0"

__all__ = [
    "dev_clear_shared_memory",
    "dev_write_image_to_shared_memory",
    "read_image_from_shared_memory",
    "write_image_array_to_shared_memory",
]
