"""The kit's stand-in for the ProcVision algorithm SDK, shipped inside the pv-conform probe package.

It holds only what a Runner starts: `python -m procvision_algorithm_sdk.adapter`, which hands the
process over to the kit's probe (see adapter.py). It reads no images and implements no SDK API.
"""
