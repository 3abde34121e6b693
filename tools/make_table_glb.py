#!/usr/bin/env python3
"""Writes assets/models/low_table.glb: a low wooden table (a top and four legs), the one glTF
set piece of the bundled scenario. Generated rather than drawn so that its licence is plain
(CC0, ours) and it can be rebuilt: python3 tools/make_table_glb.py"""
import json, struct, pathlib

def box(cx, cy, cz, sx, sy, sz):
    """24 vertices (flat normals) and 36 indices of an axis-aligned box."""
    hx, hy, hz = sx / 2, sy / 2, sz / 2
    faces = [((1, 0, 0), [(1, -1, -1), (1, 1, -1), (1, 1, 1), (1, -1, 1)]),
             ((-1, 0, 0), [(-1, -1, 1), (-1, 1, 1), (-1, 1, -1), (-1, -1, -1)]),
             ((0, 1, 0), [(-1, 1, -1), (-1, 1, 1), (1, 1, 1), (1, 1, -1)]),
             ((0, -1, 0), [(-1, -1, 1), (-1, -1, -1), (1, -1, -1), (1, -1, 1)]),
             ((0, 0, 1), [(-1, -1, 1), (1, -1, 1), (1, 1, 1), (-1, 1, 1)]),
             ((0, 0, -1), [(1, -1, -1), (-1, -1, -1), (-1, 1, -1), (1, 1, -1)])]
    pos, nrm, idx = [], [], []
    for n, corners in faces:
        base = len(pos)
        for c in corners:
            pos.append((cx + c[0] * hx, cy + c[1] * hy, cz + c[2] * hz))
            nrm.append(n)
        idx += [base, base + 1, base + 2, base, base + 2, base + 3]
    return pos, nrm, idx

parts = [box(0, 0.42, 0, 1.2, 0.06, 0.7)]
for x in (-0.52, 0.52):
    for z in (-0.28, 0.28):
        parts.append(box(x, 0.195, z, 0.06, 0.39, 0.06))
pos, nrm, idx = [], [], []
for p, n, i in parts:
    idx += [j + len(pos) for j in i]
    pos += p
    nrm += n

blob = b"".join(struct.pack("<3f", *v) for v in pos) + b"".join(struct.pack("<3f", *v) for v in nrm)
index_offset = len(blob)
blob += b"".join(struct.pack("<H", i) for i in idx)
while len(blob) % 4:
    blob += b"\0"
n = len(pos)
doc = {
    "asset": {"version": "2.0", "generator": "temoin tools/make_table_glb.py"},
    "scene": 0, "scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0, "name": "low_table"}],
    "materials": [{"name": "wood", "pbrMetallicRoughness": {"baseColorFactor": [0.45, 0.3, 0.18, 1], "metallicFactor": 0, "roughnessFactor": 0.8}}],
    "meshes": [{"primitives": [{"attributes": {"POSITION": 0, "NORMAL": 1}, "indices": 2, "material": 0}]}],
    "buffers": [{"byteLength": len(blob)}],
    "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": n * 12, "target": 34962},
                    {"buffer": 0, "byteOffset": n * 12, "byteLength": n * 12, "target": 34962},
                    {"buffer": 0, "byteOffset": index_offset, "byteLength": len(idx) * 2, "target": 34963}],
    "accessors": [{"bufferView": 0, "componentType": 5126, "count": n, "type": "VEC3",
                   "min": [min(v[k] for v in pos) for k in range(3)], "max": [max(v[k] for v in pos) for k in range(3)]},
                  {"bufferView": 1, "componentType": 5126, "count": n, "type": "VEC3"},
                  {"bufferView": 2, "componentType": 5123, "count": len(idx), "type": "SCALAR"}],
}
js = json.dumps(doc, separators=(",", ":")).encode()
while len(js) % 4:
    js += b" "
glb = struct.pack("<III", 0x46546C67, 2, 12 + 8 + len(js) + 8 + len(blob))
glb += struct.pack("<II", len(js), 0x4E4F534A) + js + struct.pack("<II", len(blob), 0x004E4942) + blob
out = pathlib.Path(__file__).resolve().parent.parent / "assets" / "models" / "low_table.glb"
out.write_bytes(glb)
print(f"wrote {out} ({len(glb)} bytes)")
