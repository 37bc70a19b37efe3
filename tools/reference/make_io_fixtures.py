#!/usr/bin/env python3
"""Tiny .npy / .npz / .safetensors fixtures for engine/src/test/.../io tests.

Regenerate (from the repository root; needs only numpy):

    python3 tools/reference/make_io_fixtures.py

It rewrites engine/src/test/resources/io/. The .npy files are deterministic; the .npz files
carry zip timestamps, so they change byte-wise on every run while their arrays stay the same.
The Java tests hard-code the same values as this script, so change both together. The tests
never run Python.

Safetensors: the `safetensors` package is not installed where these fixtures were made, so
`safetensors_bytes` below writes the format by hand from the spec (u64 little-endian header
length, compact JSON header with "__metadata__" first, tensors ordered by dtype alignment
descending then name, header padded with spaces to a multiple of 8). If the package is
installed, the script also checks its bytes against safetensors.numpy.save.
"""
import json
import pathlib
import struct
import zipfile

import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[2] / "engine" / "src" / "test" / "resources" / "io"


def values():
    """The arrays the Java tests expect; keep in step with NpyTest, NpzTest, SafetensorsTest."""
    f4 = np.array([[-1.5, 0.0, -0.0], [np.inf, 3.4028235e38, 1e-45]], dtype="<f4")  # 1e-45: min subnormal
    f8 = np.array(np.pi, dtype="<f8")  # 0-d
    i8 = np.array([-(2**63), -1, 0, 1, 2**63 - 1], dtype="<i8")
    u1 = (np.arange(12, dtype=np.int64) * 37 % 256).astype("|u1").reshape(2, 1, 2, 3)
    empty = np.zeros((0, 3), dtype="<f4")
    return f4, f8, i8, u1, empty


def write_npy(name, array, version=None):
    with open(OUT / name, "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=False)


def safetensors_bytes(tensors, metadata=None):
    """Serialize per the safetensors spec, as the reference Rust `serialize` lays it out."""
    codes = {np.dtype("<f4"): "F32", np.dtype("<f8"): "F64", np.dtype("<i8"): "I64", np.dtype("|u1"): "U8"}
    rank = {"U8": 0, "F32": 1, "F64": 2, "I64": 3}  # position in the reference Dtype enum
    items = sorted(tensors.items(), key=lambda kv: (-rank[codes[kv[1].dtype]], kv[0].encode("utf-8")))
    header, offset, data = {}, 0, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, array in items:
        raw = np.ascontiguousarray(array).tobytes()
        header[name] = {"dtype": codes[array.dtype], "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        data += raw
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    blob = struct.pack("<Q", len(text)) + text + data
    try:
        from safetensors.numpy import save
    except ImportError:
        pass
    else:
        assert save(dict(tensors), metadata=metadata) == blob, "hand-written layout differs from the package"
    return blob


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    f4, f8, i8, u1, empty = values()

    # .npy, as numpy.save writes them (version 1.0), plus explicit 2.0 / 3.0 and big-endian.
    write_npy("f4_2x3.npy", f4)
    write_npy("f8_scalar.npy", f8)
    write_npy("i8_1d.npy", i8)
    write_npy("u1_4d.npy", u1)
    write_npy("f4_empty.npy", empty)
    write_npy("f4_2x3_v2.npy", f4, version=(2, 0))
    write_npy("f4_2x3_v3.npy", f4, version=(3, 0))
    write_npy("f8_big_endian.npy", np.array([1.0, -2.5, 1e300], dtype=">f8"))
    write_npy("i8_big_endian.npy", np.array([[1, -2], [2**40, -(2**40)]], dtype=">i8"))
    write_npy("f4_big_endian.npy", np.array([0.1, -7.0], dtype=">f4"))
    # Rejected on read: Fortran order and an unsupported dtype.
    write_npy("f4_fortran.npy", np.asfortranarray(f4))
    write_npy("i4_unsupported.npy", np.array([1, 2, 3], dtype="<i4"))

    # .npz: keyword arrays, stored and deflated, and positional names arr_0, arr_1.
    arrays = {"weights": f4, "labels": i8, "scalar": f8, "image": u1, "empty": empty}
    np.savez(OUT / "arrays.npz", **arrays)
    np.savez_compressed(OUT / "arrays_compressed.npz", **arrays)
    np.savez(OUT / "positional.npz", i8, f8)
    with zipfile.ZipFile(OUT / "arrays.npz") as z:
        assert [i.compress_type for i in z.infolist()] == [zipfile.ZIP_STORED] * 5

    # .safetensors: the spec's one-tensor example and one with every dtype, 0-d, zero-size, metadata.
    attn = np.arange(6, dtype="<f4").reshape(1, 2, 3)
    (OUT / "spec_attn.safetensors").write_bytes(safetensors_bytes({"attn.0": attn}))
    mixed = {"weights": f4, "labels": i8, "scalar": f8, "image": u1, "empty": empty}
    (OUT / "mixed.safetensors").write_bytes(safetensors_bytes(mixed, {"format": "pt"}))

    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:6d}  {path.name}")


if __name__ == "__main__":
    main()
