"""Segment store and reader of the fixture SDK.

Two layers hold a segment. The in-process dictionary answers reads in the writing process;
the fs layer (PROC_SHM_DIR, <safe id>.bin for encoded bytes, <safe id>.npy for arrays) is what
another process sees. Every write, clear and read goes through both, so neither can serve
stale data.

The safe id is not injective ("a/b" and "a:b" both become "a_b"), so each write also records
the original id in <safe id>.id and a read treats a file recorded under another id as missing:
a wrong image is worse than the zero fallback. Files without the sidecar (written by a Runner
that follows the bare layout) are accepted as they are. A safe id too long for a file name is
cut and suffixed with a hash of the id, as the kit's reference SDK does, so both find each
other's files.

PV_FIXTURE_MUTANT, read at every call, selects a broken variant for the kit's own tests:
  bgr-unswapped  arrays with color_space "BGR" come back unswapped
  missing-none   a missing segment gives None instead of zeros

PV_FIXTURE_VARIANT, read at every call, selects a conformant variant that reads the sources
another way (the kit's default profile accepts each):
  seed         the seed document taken literally wherever it speaks: non-uint8 arrays are cast
               ("Cast to uint8 without copy"), color_space BGR applies to arrays only (its
               flowchart), any format Pillow decodes is read ("Try decode bytes via PIL") at its
               own size, an invalid size gives the development side's zero fallback, an RGB
               array comes back as a view of the stored one ("returns a view when possible"),
               and the fs layer is the bare layout (no sidecar)
  bare-layout  no in-process layer and no sidecar: the fs layout alone, so ids whose safe
               names collide share one file
"""
import hashlib
import io
import os
import re
import tempfile
import warnings

import numpy as np
from PIL import Image

_DEV_SHM = {}
_UNSAFE = re.compile(r"[^a-zA-Z0-9._-]")
_JPEG_MAGIC = b"\xff\xd8\xff"
# Longer safe ids would not fit the usual 255-byte file-name limit once suffixed.
_MAX_SAFE_NAME = 200
# Pillow's own default, used when the host application switched its bomb check off.
_DEFAULT_MAX_PIXELS = 89478485


def _max_pixels():
    return Image.MAX_IMAGE_PIXELS or _DEFAULT_MAX_PIXELS


def _mutant():
    return os.environ.get("PV_FIXTURE_MUTANT", "")


def _variant():
    return os.environ.get("PV_FIXTURE_VARIANT", "")


def _in_process_layer():
    return _variant() != "bare-layout"


def _sidecar():
    return _variant() not in ("seed", "bare-layout")


def _shm_dir():
    return os.environ.get("PROC_SHM_DIR") or os.path.join(tempfile.gettempdir(), "procvision_dev_shm")


def _base_name(shared_mem_id):
    safe = _UNSAFE.sub("_", shared_mem_id)
    if len(safe) <= _MAX_SAFE_NAME:
        return safe
    digest = hashlib.sha256(shared_mem_id.encode("utf-16-le", "surrogatepass")).hexdigest()
    return "%s@%s" % (safe[:100], digest[:32])


def _paths(shared_mem_id):
    base = os.path.join(_shm_dir(), _base_name(shared_mem_id))
    return base + ".bin", base + ".npy", base + ".id"


def _replace_file(path, write):
    # Write then rename, so a reader in another process never sees half a segment.
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "wb") as f:
        write(f)
    os.replace(tmp, path)


def _remove(*paths):
    for path in paths:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


def dev_write_image_to_shared_memory(shared_mem_id, image_bytes):
    data = bytes(image_bytes)
    if _in_process_layer():
        _DEV_SHM[shared_mem_id] = data
    bin_path, npy_path, id_path = _paths(shared_mem_id)
    os.makedirs(os.path.dirname(bin_path), exist_ok=True)
    _remove(npy_path)
    _write_owner(id_path, shared_mem_id)
    _replace_file(bin_path, lambda f: f.write(data))


def write_image_array_to_shared_memory(shared_mem_id, image_array):
    array = np.array(image_array, copy=True)
    if _in_process_layer():
        _DEV_SHM[shared_mem_id] = array
    bin_path, npy_path, id_path = _paths(shared_mem_id)
    os.makedirs(os.path.dirname(bin_path), exist_ok=True)
    _remove(bin_path)
    _write_owner(id_path, shared_mem_id)
    _replace_file(npy_path, lambda f: np.save(f, array, allow_pickle=False))


def _write_owner(id_path, shared_mem_id):
    if _sidecar():
        _replace_file(id_path, lambda f: f.write(shared_mem_id.encode("utf-8", "surrogatepass")))
    else:
        _remove(id_path)


def dev_clear_shared_memory(shared_mem_id):
    _DEV_SHM.pop(shared_mem_id, None)
    _remove(*_paths(shared_mem_id))


def _size_from(meta):
    """(height, width), or None when meta does not give two positive integers."""
    if not isinstance(meta, dict):
        return None
    width, height = meta.get("width"), meta.get("height")
    for v in (width, height):
        if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
            return None
    # A meta alone must not make us allocate without bound (rule 15).
    if width * height > _max_pixels():
        return None
    return height, width


def _development_zeros(meta):
    fields = meta if isinstance(meta, dict) else {}

    def dim(v):
        return v if isinstance(v, int) and not isinstance(v, bool) and v > 0 else 0

    height, width = dim(fields.get("height")), dim(fields.get("width"))
    # Two usable values were refused for their size alone (bounded memory): None stays.
    return None if height and width else np.zeros((height, width, 3), np.uint8)


def _lookup(shared_mem_id):
    if _in_process_layer() and shared_mem_id in _DEV_SHM:
        return _DEV_SHM[shared_mem_id]
    bin_path, npy_path, id_path = _paths(shared_mem_id)
    try:
        with open(id_path, "rb") as f:
            if _sidecar() and f.read() != shared_mem_id.encode("utf-8", "surrogatepass"):
                return None
    except FileNotFoundError:
        pass
    if os.path.exists(bin_path):
        with open(bin_path, "rb") as f:
            return f.read()
    if os.path.exists(npy_path):
        # Memory-mapped first, so an absurd header is refused before anything is allocated.
        mapped = np.load(npy_path, mmap_mode="r", allow_pickle=False)
        if mapped.size > 3 * _max_pixels():
            raise ValueError("stored array is too large to load")
        return np.array(mapped)
    return None


def _decode_jpeg(data, size):
    if not data.startswith(_JPEG_MAGIC):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        img = Image.open(io.BytesIO(data))
        # MPO is how Pillow names a JPEG that carries extra frames (camera previews).
        if img.format not in ("JPEG", "MPO") or img.mode not in ("L", "RGB"):
            return None
        # Compare the header's size before decoding: a bomb never gets decompressed.
        if (img.height, img.width) != size:
            return None
        img.load()
        return np.asarray(img.convert("RGB"), dtype=np.uint8)


def _to_rgb_array(stored):
    # The seed's flowchart casts a stored array to uint8 (numpy's astype: values wrap).
    if stored.dtype != np.uint8:
        supported = stored.ndim == 2 or (stored.ndim == 3 and stored.shape[2] in (1, 3))
        if not supported or stored.dtype.kind not in "biuf":
            return None
        with np.errstate(invalid="ignore"):
            stored = stored.astype(np.uint8)
    if stored.ndim == 2:
        return np.stack([stored] * 3, axis=-1)
    if stored.ndim == 3 and stored.shape[2] == 1:
        return np.repeat(stored, 3, axis=2)
    if stored.ndim == 3 and stored.shape[2] == 3:
        return stored
    return None


def _decode_any(data):
    """The seed's flowchart: decode bytes via PIL, whatever the format, at the image's own size."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        img = Image.open(io.BytesIO(data))
        img.load()
        # Pillow's convert() clips 16-bit gray at 255 (a white image): no document asks for that,
        # and "expand gray to RGB" wants 8-bit gray, so the 16-bit samples are scaled first.
        if img.mode in ("I;16", "I;16B", "I;16L") or (img.mode == "I" and img.format == "PNG"):
            gray = np.rint(np.asarray(img, dtype=np.float64) / 257).clip(0, 255).astype(np.uint8)
            return np.repeat(gray[..., None], 3, axis=2)
        return np.asarray(img.convert("RGB"), dtype=np.uint8)


def _read_as_seed(shared_mem_id, size, meta):
    stored = _lookup(shared_mem_id)
    if stored is None:
        return np.zeros(size + (3,), np.uint8)
    if isinstance(stored, bytes):
        try:
            return _decode_any(stored)
        except Exception:
            return np.zeros(size + (3,), np.uint8)
    image = stored
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)
    elif image.ndim == 3 and image.shape[2] == 1:
        image = np.repeat(image, 3, axis=2)
    if image.ndim != 3 or image.shape[2] != 3:
        return np.zeros(size + (3,), np.uint8)
    if meta.get("color_space") == "BGR":
        image = image[..., ::-1]
    return image.astype(np.uint8, copy=False)


def _read(shared_mem_id, size, meta):
    if _variant() == "seed":
        return _read_as_seed(shared_mem_id, size, meta)
    stored = _lookup(shared_mem_id)
    if stored is None:
        return None if _mutant() == "missing-none" else np.zeros(size + (3,), np.uint8)
    bgr = meta.get("color_space") == "BGR"
    if isinstance(stored, bytes):
        image = _decode_jpeg(stored, size)
    else:
        image = _to_rgb_array(stored)
        if _mutant() == "bgr-unswapped":
            bgr = False
    if image is None or image.shape[:2] != size:
        return np.zeros(size + (3,), np.uint8)
    if bgr:
        image = image[..., ::-1]
    return np.ascontiguousarray(image).copy()


def read_image_from_shared_memory(shared_mem_id, image_meta):
    """H x W x 3 uint8 RGB, zeros when the segment is missing or unusable, None for a bad meta."""
    size = _size_from(image_meta)
    if size is None:
        # The seed's development side: an invalid size gives np.zeros with the bad value as 0.
        return _development_zeros(image_meta) if _variant() == "seed" else None
    try:
        return _read(shared_mem_id, size, image_meta)
    except Exception:
        # Rule 15: no exception escapes; whatever went wrong, the caller gets the fallback.
        return np.zeros(size + (3,), np.uint8)
