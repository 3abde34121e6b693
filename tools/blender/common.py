"""Shared toolkit for the Témoin set generators (run inside Blender 3.4, headless).

Everything here works in APP coordinates: metres, +y up, +x east, -z north (the way the
visitor first looks). Only `Set.build()` converts to Blender's z-up frame, (x, y, z)_app ->
(x, -z, y)_blender, which the glTF exporter (export_yup) maps straight back, so the exported
file carries exactly the app coordinates.

A set is a dict of materials, each with one mesh accumulator (`Acc`); every piece is added
to the accumulator of its material, so the exported file has ONE mesh per material (one draw
call each). UVs are either a world-space box projection (tileable textures, `tile` metres per
repeat), explicit per face (pictures), or a constant point (swatch atlases).

Textures come from texlib (numpy) and are written as PNGs to a temporary folder, then loaded
as file images so that the exporter embeds those exact bytes."""
import atexit
import math
import os
import shutil
import sys
import tempfile
import time

import bmesh
import bpy
import numpy as np
from mathutils import Matrix, Vector, geometry

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import texlib  # noqa: E402
from texlib import *  # noqa: E402,F401,F403

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
MODELS = os.path.join(ROOT, "assets", "models")
TEXTURES = os.path.join(ROOT, "assets", "textures")
PREVIEWS = os.environ.get("TEMOIN_PREVIEWS", "/tmp/previews")
TMP = tempfile.mkdtemp(prefix="temoin_tex_")
atexit.register(shutil.rmtree, TMP, True)


def script_args():
    return sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []


def log(*a):
    print("[temoin]", *a, flush=True)


# ----------------------------------------------------------------------------- transforms

def mat(c=(0, 0, 0), yaw=0.0, pitch=0.0, roll=0.0, scale=(1, 1, 1)):
    """App-space transform: translate c, rotate yaw (about +y, degrees; +yaw turns +z toward
    +x), then pitch (about +x), then roll (about +z) — Bevy's EulerRot::YXZ — and scale."""
    m = (Matrix.Translation(Vector(c)) @ Matrix.Rotation(math.radians(yaw), 4, "Y")
         @ Matrix.Rotation(math.radians(pitch), 4, "X") @ Matrix.Rotation(math.radians(roll), 4, "Z"))
    s = Matrix.Identity(4)
    s[0][0], s[1][1], s[2][2] = scale
    return m @ s


def to_bl(p):
    return Vector((p[0], -p[2], p[1]))


# ----------------------------------------------------------------------------- accumulator

class Acc:
    """Vertices (app coords) and faces of one material's mesh. A face's UVs: explicit list,
    or None for box projection. `with acc.const(uv)` pins all UVs of new faces to one point."""

    def __init__(self):
        self.V = []
        self.F = []
        self.UV = []
        self.S = []
        self._const = None
        self.uv_offset = (0.0, 0.0)

    def v(self, p):
        self.V.append((float(p[0]), float(p[1]), float(p[2])))
        return len(self.V) - 1

    def f(self, idx, uv=None, smooth=False):
        if uv is None and self._const is not None:
            uv = [self._const] * len(idx)
        self.F.append(tuple(idx))
        self.UV.append(uv)
        self.S.append(smooth)
        return len(self.F) - 1

    class _Const:
        def __init__(self, acc, uv):
            self.acc, self.uv = acc, uv

        def __enter__(self):
            self.prev = self.acc._const
            self.acc._const = self.uv

        def __exit__(self, *a):
            self.acc._const = self.prev

    def const(self, uv):
        return Acc._Const(self, uv)

    def tris(self):
        return sum(len(f) - 2 for f in self.F)


def dump_bm(acc, bm, M=None, smooth=False, uvfun=None):
    """Appends a bmesh (local coords) transformed by M into acc."""
    M = M or Matrix.Identity(4)
    bm.verts.index_update()
    base = len(acc.V)
    for v in bm.verts:
        acc.v(M @ v.co)
    for f in bm.faces:
        idx = [base + v.index for v in f.verts]
        uv = [uvfun(acc.V[i]) for i in idx] if uvfun else None
        acc.f(idx, uv, smooth)
    bm.free()


# ----------------------------------------------------------------------------- primitives

_CUBE = [[(1, -1, -1), (1, 1, -1), (1, 1, 1), (1, -1, 1)],
         [(-1, -1, 1), (-1, 1, 1), (-1, 1, -1), (-1, -1, -1)],
         [(-1, 1, -1), (-1, 1, 1), (1, 1, 1), (1, 1, -1)],
         [(-1, -1, 1), (-1, -1, -1), (1, -1, -1), (1, -1, 1)],
         [(-1, -1, 1), (1, -1, 1), (1, 1, 1), (-1, 1, 1)],
         [(1, -1, -1), (-1, -1, -1), (-1, 1, -1), (1, 1, -1)]]


def box(acc, c, size, yaw=0, pitch=0, roll=0, bevel=0.0, segments=1, smooth=False, M=None, skip=()):
    """Box centred at c (app coords) with full size (sx, sy, sz). bevel: chamfer width (m).
    skip: face names from ('+x','-x','+y','-y','+z','-z') to leave out (hidden faces)."""
    M = (M or Matrix.Identity(4)) @ mat(c, yaw, pitch, roll)
    hx, hy, hz = size[0] / 2, size[1] / 2, size[2] / 2
    if bevel > 0:
        bm = bmesh.new()
        bmesh.ops.create_cube(bm, size=1.0)
        for v in bm.verts:
            v.co = Vector((v.co.x * size[0], v.co.y * size[1], v.co.z * size[2]))
        bmesh.ops.bevel(bm, geom=list(bm.edges), offset=min(bevel, min(size) * 0.45), segments=segments,
                        affect="EDGES", profile=0.5, clamp_overlap=True)
        dump_bm(acc, bm, M, smooth=smooth or segments > 1)
        return
    names = ["+x", "-x", "+y", "-y", "+z", "-z"]
    for name, face in zip(names, _CUBE):
        if name in skip:
            continue
        idx = [acc.v(M @ Vector((a * hx, b * hy, cc * hz))) for a, b, cc in face]
        acc.f(idx, None, smooth)


def box_between(acc, lo, hi, **kw):
    """Axis-aligned box from min corner lo to max corner hi."""
    c = [(a + b) / 2 for a, b in zip(lo, hi)]
    s = [abs(b - a) for a, b in zip(lo, hi)]
    box(acc, c, s, **kw)


def frame_of(axis):
    axis = Vector(axis).normalized()
    ref = Vector((0, 1, 0)) if abs(axis.y) < 0.9 else Vector((1, 0, 0))
    u = axis.cross(ref).normalized()
    w = axis.cross(u).normalized()
    return u, w


def cylinder(acc, p0, p1, r0, r1=None, n=12, cap0=True, cap1=True, smooth=True, uvfun=None):
    """Tapered cylinder from p0 to p1 (app coords)."""
    r1 = r0 if r1 is None else r1
    p0, p1 = Vector(p0), Vector(p1)
    u, w = frame_of(p1 - p0)
    ring0, ring1 = [], []
    for i in range(n):
        a = 2 * math.pi * i / n
        d = u * math.cos(a) + w * math.sin(a)
        ring0.append(acc.v(p0 + d * r0))
        ring1.append(acc.v(p1 + d * r1))
    for i in range(n):
        j = (i + 1) % n
        q = [ring0[i], ring0[j], ring1[j], ring1[i]]
        acc.f(q, [uvfun(acc.V[k]) for k in q] if uvfun else None, smooth)
    # orientation check on the first quad; flip everything if it points inward
    _fix_orientation(acc, len(acc.F) - n, len(acc.F), (p0 + p1) / 2, inward=False)
    if cap0 and r0 > 0:
        acc.f(list(reversed(ring0)) if _cap_dir(acc, ring0, p1 - p0) > 0 else ring0)
    if cap1 and r1 > 0:
        acc.f(ring1 if _cap_dir(acc, ring1, p1 - p0) > 0 else list(reversed(ring1)))


def _newell(acc, idx):
    n = Vector((0, 0, 0))
    for i in range(len(idx)):
        a = Vector(acc.V[idx[i]])
        b = Vector(acc.V[idx[(i + 1) % len(idx)]])
        n.x += (a.y - b.y) * (a.z + b.z)
        n.y += (a.z - b.z) * (a.x + b.x)
        n.z += (a.x - b.x) * (a.y + b.y)
    return n


def _cap_dir(acc, ring, axis):
    return _newell(acc, ring).dot(Vector(axis))


def _fix_orientation(acc, f0, f1, centre, inward=False):
    """Flips faces f0..f1 that face toward `centre` (for convex-ish tube pieces)."""
    for k in range(f0, f1):
        idx = acc.F[k]
        n = _newell(acc, idx)
        mid = sum((Vector(acc.V[i]) for i in idx), Vector()) / len(idx)
        out = n.dot(mid - Vector(centre)) > 0
        if out == inward:
            acc.F[k] = tuple(reversed(idx))
            if acc.UV[k]:
                acc.UV[k] = list(reversed(acc.UV[k]))


def tube(acc, pts, radii, n=6, smooth=True, cap=True):
    """A tube along a polyline (branches, wires, rebar). radii: one value or one per point."""
    pts = [Vector(p) for p in pts]
    if not isinstance(radii, (list, tuple)):
        radii = [radii] * len(pts)
    rings = []
    prev_u = None
    for i, p in enumerate(pts):
        t = (pts[min(i + 1, len(pts) - 1)] - pts[max(i - 1, 0)]).normalized()
        if prev_u is None:
            u, _ = frame_of(t)
        else:
            u = (prev_u - t * prev_u.dot(t)).normalized()
        w = t.cross(u).normalized()
        prev_u = u
        rings.append([acc.v(p + (u * math.cos(2 * math.pi * k / n) + w * math.sin(2 * math.pi * k / n)) * radii[i])
                      for k in range(n)])
    for i in range(len(pts) - 1):
        for k in range(n):
            j = (k + 1) % n
            acc.f([rings[i][k], rings[i + 1][k], rings[i + 1][j], rings[i][j]], None, smooth)
    # outward check on one quad of each segment
    for i in range(len(pts) - 1):
        f0 = len(acc.F) - (len(pts) - 1 - i) * n
        _fix_orientation(acc, f0, f0 + n, (pts[i] + pts[i + 1]) / 2)
    if cap:
        t0 = pts[1] - pts[0]
        acc.f(rings[0] if _cap_dir(acc, rings[0], -t0) > 0 else list(reversed(rings[0])))
        t1 = pts[-1] - pts[-2]
        acc.f(rings[-1] if _cap_dir(acc, rings[-1], t1) > 0 else list(reversed(rings[-1])))


def panel(acc, origin, U, V, outer, holes=(), depth=0.2, uvfun=None, front=True, back=True, sides=True):
    """A flat slab: 2D outline (u, v) with holes, in the plane origin + u*U + v*V, extruded by
    `depth` BEHIND the plane (along -(U x V)). Front faces look along U x V. Walls with real
    openings, broken tops, gables."""
    O, U, V = Vector(origin), Vector(U).normalized(), Vector(V).normalized()
    N = U.cross(V).normalized()

    def area(loop):
        return sum(loop[i][0] * loop[(i + 1) % len(loop)][1] - loop[(i + 1) % len(loop)][0] * loop[i][1]
                   for i in range(len(loop))) / 2

    loops = [list(outer)] + [list(h) for h in holes]
    loops = [l if (area(l) > 0) == (k == 0) else list(reversed(l)) for k, l in enumerate(loops)]
    flat = [p for l in loops for p in l]
    tris = geometry.tessellate_polygon([[Vector((p[0], p[1], 0)) for p in l] for l in loops])
    fi = [acc.v(O + U * p[0] + V * p[1]) for p in flat]
    bi = [acc.v(O + U * p[0] + V * p[1] - N * depth) for p in flat]
    for t in tris:
        a, b, c = (flat[i] for i in t)
        ccw = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) > 0
        t = list(t) if ccw else [t[0], t[2], t[1]]
        if front:
            acc.f([fi[i] for i in t], [uvfun(flat[i], 0) for i in t] if uvfun else None)
        if back:
            acc.f([bi[i] for i in reversed(t)], [uvfun(flat[i], 1) for i in reversed(t)] if uvfun else None)
    if sides:
        start = 0
        for l in loops:
            m = len(l)
            for i in range(m):
                a, b = start + i, start + (i + 1) % m
                # material on the left of travel (outer CCW, holes CW): outward is to the right
                acc.f([fi[b], fi[a], bi[a], bi[b]])
            start += m


def hull(acc, pts, M=None, smooth=False):
    bm = bmesh.new()
    for p in pts:
        bm.verts.new(Vector(p))
    res = bmesh.ops.convex_hull(bm, input=list(bm.verts))
    junk = list({g for g in res["geom_interior"] + res["geom_unused"] if isinstance(g, bmesh.types.BMVert)})
    if junk:
        bmesh.ops.delete(bm, geom=junk, context="VERTS")
    bmesh.ops.recalc_face_normals(bm, faces=list(bm.faces))
    dump_bm(acc, bm, M, smooth)


def rock(acc, r, c, size, yaw=None, n=10, flat_bottom=False):
    """An irregular angular chunk (convex hull of jittered points) of about `size` (sx, sy, sz)."""
    pts = []
    for _ in range(n):
        d = Vector(r.normal(0, 1, 3)).normalized() * r.uniform(0.75, 1.0)
        p = Vector((d.x * size[0] / 2, d.y * size[1] / 2, d.z * size[2] / 2))
        if flat_bottom:
            p.y = max(p.y, -size[1] * 0.15)
        pts.append(p)
    yaw = r.uniform(0, 360) if yaw is None else yaw
    hull(acc, pts, mat(c, yaw, r.uniform(-12, 12), r.uniform(-12, 12)))


def blob(acc, r, c, radii, subdiv=2, noise=0.2, freq=2.0, yaw=0, smooth=True, cut_below=None, M=None):
    """A displaced icosphere: piles, mounds, foliage clumps. cut_below: flatten vertices below
    this local height (for mounds sitting on the ground)."""
    bm = bmesh.new()
    bmesh.ops.create_icosphere(bm, subdivisions=subdiv, radius=1.0)
    ph = r.uniform(0, 6.28, 6)
    k = r.normal(0, 1, (6, 3))
    for v in bm.verts:
        d = v.co.normalized()
        s = sum(math.sin(freq * Vector(k[i]).dot(d) + ph[i]) for i in range(6)) / 6 * 2
        s += r.normal(0, 0.35)
        rr = 1 + noise * s
        v.co = Vector((d.x * radii[0] * rr, d.y * radii[2] * rr, d.z * radii[1] * rr))  # local z = up
        if cut_below is not None and v.co.z < cut_below:
            v.co.z = cut_below
    # local (x, y, z) -> app (x, z?, ...): build M so that local z is app +y
    R = Matrix(((1, 0, 0, 0), (0, 0, 1, 0), (0, -1, 0, 0), (0, 0, 0, 1)))
    dump_bm(acc, bm, (M or Matrix.Identity(4)) @ mat(c, yaw) @ R, smooth)


def rounded_box(acc, c, size, radius, segments=2, yaw=0, pitch=0, roll=0, M=None):
    box(acc, c, size, yaw, pitch, roll, bevel=radius, segments=segments, smooth=True, M=M)


def quad(acc, p0, p1, p2, p3, uv=((0, 0), (1, 0), (1, 1), (0, 1)), smooth=False):
    """A single quad p0..p3 counter-clockwise as seen from the front, explicit UVs."""
    idx = [acc.v(p) for p in (p0, p1, p2, p3)]
    acc.f(idx, list(uv) if uv is not None else None, smooth)


def picture(acc, c, w, h, yaw=0, pitch=0, uv_rect=(0, 0, 1, 1), grid=1, bend=None):
    """An upright rectangle centred at c facing +z before rotation (yaw/pitch), UVs covering
    uv_rect. grid>1 subdivides (for wavy sheets), bend(u, v) -> offset along the normal."""
    M = mat(c, yaw, pitch)
    u0, v0, u1, v1 = uv_rect
    idx = {}
    for j in range(grid + 1):
        for i in range(grid + 1):
            s, t = i / grid, j / grid
            off = bend(s, t) if bend else 0.0
            idx[i, j] = acc.v(M @ Vector(((s - 0.5) * w, (t - 0.5) * h, off)))
    for j in range(grid):
        for i in range(grid):
            q = [idx[i, j], idx[i + 1, j], idx[i + 1, j + 1], idx[i, j + 1]]
            uv = [(u0 + (u1 - u0) * a / grid, v0 + (v1 - v0) * b / grid) for a, b in ((i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1))]
            acc.f(q, uv, smooth=bend is not None)


def heightfield(acc, x0, x1, z0, z1, nx, nz, hfun, smooth=True):
    idx = {}
    for j in range(nz + 1):
        for i in range(nx + 1):
            x = x0 + (x1 - x0) * i / nx
            z = z0 + (z1 - z0) * j / nz
            idx[i, j] = acc.v((x, hfun(x, z), z))
    for j in range(nz):
        for i in range(nx):
            # counter-clockwise seen from above (+y): (x, z) -> (x+, z) -> (x+, z-)...
            acc.f([idx[i, j], idx[i, j + 1], idx[i + 1, j + 1], idx[i + 1, j]], None, smooth)


def loft(acc, rings, close=True, cap0=False, cap1=False, smooth=True, uvfun=None):
    """Connects rings (lists of points with equal counts) in order."""
    ids = [[acc.v(p) for p in ring] for ring in rings]
    m = len(rings[0])
    for a, b in zip(ids[:-1], ids[1:]):
        for k in range(m if close else m - 1):
            j = (k + 1) % m
            q = [a[k], a[j], b[j], b[k]]
            acc.f(q, [uvfun(acc.V[i]) for i in q] if uvfun else None, smooth)
    if cap0:
        acc.f(list(reversed(ids[0])))
    if cap1:
        acc.f(ids[-1])
    return ids


# ----------------------------------------------------------------------------- materials

class Material:
    def __init__(self, key, bl, tile, uv):
        self.key, self.bl, self.tile, self.uv = key, bl, tile, uv


def srgb_to_linear(c):
    c = np.asarray(c, np.float64)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


class Set:
    """One output file: materials, their accumulators, build, export, previews, checks."""

    def __init__(self, name):
        bpy.ops.wm.read_factory_settings(use_empty=True)
        self.name = name
        self.mats = {}
        self.acc = {}
        self.images = {}
        self.t0 = time.time()

    # textures -------------------------------------------------------------
    def image(self, name, arr, colour=True):
        if name not in self.images:
            path = os.path.join(TMP, name + ".png")
            write_png(path, arr)
            img = bpy.data.images.load(path)
            img.colorspace_settings.name = "sRGB" if colour else "Non-Color"
            self.images[name] = img
        return self.images[name]

    def textures(self, name, recipe=None, **kw):
        """Writes (once) and loads the pictures of a recipe: dict of blender images."""
        key = name
        if key + "_albedo" not in self.images:
            d = recipe(**kw) if callable(recipe) else (recipe or texlib.RECIPES[name]())
            self._tex_cache = getattr(self, "_tex_cache", {})
            self._tex_cache[key] = {}
            self.image(key + "_albedo", d["albedo"], True)
            if "normal" in d:
                self.image(key + "_normal", d["normal"], False)
            if "mr" in d:
                self.image(key + "_rough", d["mr"], False)
        return {k: self.images.get(key + "_" + k) for k in ("albedo", "normal", "rough")}

    # materials ------------------------------------------------------------
    def mat(self, key, tex, recipe=None, tint=None, tile=1.0, uv="box", rough=None, metal=None,
            alpha=None, blend=False, clip=False, double=False, normal=1.0, emission=0.0, use_normal=True,
            use_mr=True, **kw):
        """Defines material `key` from texture set `tex` (recipe name or callable).
        tint: sRGB hex multiplying the albedo (exported as baseColorFactor).
        rough/metal: constants when the texture has no MR map or use_mr is False."""
        imgs = self.textures(tex, recipe, **kw)
        m = bpy.data.materials.new(key)
        m.use_nodes = True
        nt = m.node_tree
        bsdf = nt.nodes["Principled BSDF"]
        ia = nt.nodes.new("ShaderNodeTexImage")
        ia.image = imgs["albedo"]
        col_out = ia.outputs["Color"]
        if tint:
            mix = nt.nodes.new("ShaderNodeMix")
            mix.data_type = "RGBA"
            mix.blend_type = "MULTIPLY"
            mix.inputs[0].default_value = 1.0
            lin = srgb_to_linear(texlib.rgb(tint))
            mix.inputs[7].default_value = (lin[0], lin[1], lin[2], 1.0)
            nt.links.new(col_out, mix.inputs[6])
            col_out = mix.outputs[2]
        nt.links.new(col_out, bsdf.inputs["Base Color"])
        if emission > 0:
            nt.links.new(col_out, bsdf.inputs["Emission"])
            bsdf.inputs["Emission Strength"].default_value = emission
        if imgs["normal"] is not None and use_normal:
            inn = nt.nodes.new("ShaderNodeTexImage")
            inn.image = imgs["normal"]
            nm = nt.nodes.new("ShaderNodeNormalMap")
            nm.inputs["Strength"].default_value = normal
            nt.links.new(inn.outputs["Color"], nm.inputs["Color"])
            nt.links.new(nm.outputs["Normal"], bsdf.inputs["Normal"])
        if imgs["rough"] is not None and use_mr:
            ir = nt.nodes.new("ShaderNodeTexImage")
            ir.image = imgs["rough"]
            sep = nt.nodes.new("ShaderNodeSeparateColor")
            nt.links.new(ir.outputs["Color"], sep.inputs["Color"])
            nt.links.new(sep.outputs["Green"], bsdf.inputs["Roughness"])
            if metal is None:
                nt.links.new(sep.outputs["Blue"], bsdf.inputs["Metallic"])
            else:
                bsdf.inputs["Metallic"].default_value = metal
        else:
            bsdf.inputs["Roughness"].default_value = 0.8 if rough is None else rough
            bsdf.inputs["Metallic"].default_value = metal or 0.0
        if clip:
            m.blend_method = "CLIP"
            m.shadow_method = "CLIP"
            m.alpha_threshold = 0.5
            nt.links.new(ia.outputs["Alpha"], bsdf.inputs["Alpha"])
        elif alpha is not None or blend:
            m.blend_method = "BLEND"
            m.shadow_method = "HASHED"
            if alpha is not None:
                bsdf.inputs["Alpha"].default_value = alpha
            else:
                nt.links.new(ia.outputs["Alpha"], bsdf.inputs["Alpha"])
        m.use_backface_culling = not double
        self.mats[key] = Material(key, m, tile, uv)
        self.acc[key] = Acc()
        return key

    def __getitem__(self, key):
        return self.acc[key]

    # build ----------------------------------------------------------------
    def build(self):
        objs = []
        for key, acc in self.acc.items():
            if not acc.F:
                continue
            mt = self.mats[key]
            V = np.array(acc.V, np.float64)
            me = bpy.data.meshes.new(f"{self.name}_{key}")
            me.from_pydata([to_bl(p) for p in acc.V], [], acc.F)
            uvl = me.uv_layers.new(name="UVMap")
            uvs = []
            tile = mt.tile
            for idx, uv in zip(acc.F, acc.UV):
                if uv is not None:
                    uvs.extend(uv)
                    continue
                pts = V[list(idx)]
                n = np.zeros(3)
                for i in range(len(idx)):
                    a, b = pts[i], pts[(i + 1) % len(idx)]
                    n += np.array([(a[1] - b[1]) * (a[2] + b[2]), (a[2] - b[2]) * (a[0] + b[0]), (a[0] - b[0]) * (a[1] + b[1])])
                ax = np.argmax(np.abs(n))
                if ax == 1:
                    uvs.extend([(p[0] / tile, -p[2] / tile) for p in pts])
                elif ax == 0:
                    sgn = 1 if n[0] < 0 else -1
                    uvs.extend([(sgn * p[2] / tile, p[1] / tile) for p in pts])
                else:
                    sgn = 1 if n[2] > 0 else -1
                    uvs.extend([(sgn * p[0] / tile, p[1] / tile) for p in pts])
            uvl.data.foreach_set("uv", np.array(uvs, np.float32).ravel())
            me.polygons.foreach_set("use_smooth", np.array(acc.S, bool))
            me.use_auto_smooth = True
            me.auto_smooth_angle = math.radians(50)
            me.materials.append(mt.bl)
            me.validate()
            me.update()
            ob = bpy.data.objects.new(me.name, me)
            bpy.context.scene.collection.objects.link(ob)
            objs.append(ob)
        self.objects = objs
        log(f"{self.name}: built {len(objs)} meshes, {sum(a.tris() for a in self.acc.values())} triangles "
            f"({time.time() - self.t0:.1f} s)")
        return objs

    def export(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        bpy.ops.export_scene.gltf(filepath=path, export_format="GLB", export_apply=True, export_yup=True,
                                  use_selection=False, export_cameras=False, export_lights=False,
                                  export_extras=False, export_texcoords=True, export_normals=True,
                                  export_tangents=False, export_materials="EXPORT", export_colors=False,
                                  export_animations=False, export_image_format="AUTO")
        log(f"{self.name}: wrote {path} ({os.path.getsize(path) / 1e6:.2f} MB, {time.time() - self.t0:.1f} s)")

    # previews -------------------------------------------------------------
    def previews(self, views, sun=(-0.45, 0.75, 0.45), sun_strength=4.0, sky=(0.55, 0.66, 0.8),
                 sky_strength=0.9, lights=(), res=(960, 540), samples=16, engine="BLENDER_EEVEE"):
        """views: list of (file name, eye position, target) in app coords. Renders into
        PREVIEWS (never into the repository)."""
        os.makedirs(PREVIEWS, exist_ok=True)
        sc = bpy.context.scene
        world = bpy.data.worlds.new("sky")
        world.use_nodes = True
        bg = world.node_tree.nodes["Background"]
        bg.inputs[0].default_value = (*sky, 1)
        bg.inputs[1].default_value = sky_strength
        sc.world = world
        if sun_strength > 0:
            ld = bpy.data.lights.new("sun", "SUN")
            ld.energy = sun_strength
            ld.angle = math.radians(1.5)
            lo = bpy.data.objects.new("sun", ld)
            d = to_bl(Vector(sun).normalized())
            lo.rotation_euler = (-d).to_track_quat("-Z", "Y").to_euler()
            sc.collection.objects.link(lo)
        for i, (pos, watts, colour) in enumerate(lights):
            lp = bpy.data.lights.new(f"pt{i}", "POINT")
            lp.energy = watts
            lp.color = colour
            lp.shadow_soft_size = 0.05
            o = bpy.data.objects.new(f"pt{i}", lp)
            o.location = to_bl(pos)
            sc.collection.objects.link(o)
        cam = bpy.data.cameras.new("cam")
        cam.lens = 16
        cam.sensor_width = 36
        cam.clip_start = 0.05
        co = bpy.data.objects.new("cam", cam)
        sc.collection.objects.link(co)
        sc.camera = co
        sc.render.engine = engine
        sc.render.resolution_x, sc.render.resolution_y = res
        sc.render.image_settings.file_format = "PNG"
        sc.view_settings.view_transform = "Filmic"
        sc.view_settings.look = "Medium High Contrast"
        if engine == "BLENDER_EEVEE":
            ee = sc.eevee
            ee.taa_render_samples = samples
            ee.use_gtao = True
            ee.gtao_distance = 1.0
            ee.use_soft_shadows = True
            ee.shadow_cascade_size = "2048"
            ee.shadow_cube_size = "1024"
            ld_ = bpy.data.lights.get("sun")
            if ld_:
                ld_.shadow_cascade_max_distance = 60
        for name, eye, target in views:
            P, T = to_bl(eye), to_bl(target)
            co.location = P
            co.rotation_euler = (T - P).to_track_quat("-Z", "Y").to_euler()
            sc.render.filepath = os.path.join(PREVIEWS, name)
            t = time.time()
            bpy.ops.render.render(write_still=True)
            log(f"preview {name} ({time.time() - t:.1f} s)")


# ----------------------------------------------------------------------------- checks

def verify(path):
    """Re-imports a .glb and prints what the app will get: meshes, draw calls (mesh x
    material pairs), triangles, textures and the bounding box in app coordinates."""
    bpy.ops.wm.read_factory_settings(use_empty=True)
    if "bool" not in np.__dict__:
        np.bool = bool  # Blender 3.4's glTF importer still uses the alias numpy 1.24 removed
    bpy.ops.import_scene.gltf(filepath=path)
    meshes = [o for o in bpy.context.scene.objects if o.type == "MESH"]
    mats = set()
    calls = 0
    tris = 0
    lo = np.full(3, np.inf)
    hi = np.full(3, -np.inf)
    for o in meshes:
        me = o.data
        me.calc_loop_triangles()
        used = {p.material_index for p in me.polygons}
        calls += len(used)
        for i in used:
            if me.materials and me.materials[i]:
                mats.add(me.materials[i].name)
        tris += len(me.loop_triangles)
        co = np.array([(o.matrix_world @ v.co)[:] for v in me.vertices])
        app = np.stack([co[:, 0], co[:, 2], -co[:, 1]], 1)
        lo = np.minimum(lo, app.min(0))
        hi = np.maximum(hi, app.max(0))
    imgs = [(im.name, im.size[0], im.size[1]) for im in bpy.data.images if im.size[0] > 0]
    texmem = sum(w * h * 4 for _, w, h in imgs)
    print(f"VERIFY {os.path.relpath(path, ROOT)}: {len(meshes)} meshes, {len(mats)} materials, "
          f"{calls} draw calls, {tris} triangles, {len(imgs)} textures "
          f"({texmem / 2**20:.1f} MiB RGBA), file {os.path.getsize(path) / 1e6:.2f} MB")
    print(f"VERIFY   bbox app min ({lo[0]:.2f}, {lo[1]:.2f}, {lo[2]:.2f}) max ({hi[0]:.2f}, {hi[1]:.2f}, {hi[2]:.2f})")
    sizes = {}
    for _, w, h in imgs:
        sizes[f"{w}x{h}"] = sizes.get(f"{w}x{h}", 0) + 1
    print("VERIFY   textures:", ", ".join(f"{k} x{v}" for k, v in sorted(sizes.items())))
    return dict(meshes=len(meshes), materials=len(mats), calls=calls, tris=tris, textures=imgs, bbox=(lo, hi))


def finish(s, out, views=None, checks=None, **preview_kw):
    """Build, check (spots and sight lines, see check_scene), export, optionally preview
    (when the script is given --preview), verify."""
    s.build()
    if checks:
        check_scene(**checks)
    s.export(out)
    if views and "--preview" in script_args():
        s.previews(views, **preview_kw)
    verify(out)


# ----------------------------------------------------------------------------- architecture

def flip_since(acc, f0):
    """Reverses the faces added since face index f0 (inside-out boxes: room linings)."""
    for k in range(f0, len(acc.F)):
        acc.F[k] = tuple(reversed(acc.F[k]))
        if acc.UV[k]:
            acc.UV[k] = list(reversed(acc.UV[k]))


def inner_box(acc, lo, hi, skip=()):
    """A box seen from inside (faces point inward)."""
    f0 = len(acc.F)
    box_between(acc, lo, hi, skip=skip)
    flip_since(acc, f0)


class Facade:
    """An axis-aligned wall face. axis 'x': the wall runs along x, its outer face on z = at;
    axis 'z': runs along z on x = at. out = +1/-1: the outward normal's sign on the normal
    axis. Features are placed with (a, y, d): a = world coordinate along the wall, y = height,
    d = metres outward from the outer face (negative = into the wall)."""

    def __init__(self, axis, at, out):
        self.axis, self.at, self.out = axis, at, out

    def p(self, a, y, d=0.0):
        if self.axis == "x":
            return Vector((a, y, self.at + self.out * d))
        return Vector((self.at + self.out * d, y, a))

    @property
    def yaw(self):
        """Yaw turning a +z-facing piece to face outward."""
        if self.axis == "x":
            return 0.0 if self.out > 0 else 180.0
        return 90.0 if self.out > 0 else -90.0

    @property
    def right(self):
        """+1 if `a` increases to the right for someone facing the wall from outside."""
        if self.axis == "x":
            return 1 if self.out > 0 else -1
        return -1 if self.out > 0 else 1

    def back(self):
        """Name of the box face pointing into the wall."""
        return {("x", 1): "-z", ("x", -1): "+z", ("z", 1): "-x", ("z", -1): "+x"}[(self.axis, self.out)]

    def box(self, acc, a0, a1, y0, y1, d0, d1, flush=False, **kw):
        """A box in facade coordinates; flush=True leaves out the face against the wall."""
        if flush:
            kw["skip"] = tuple(kw.get("skip", ())) + (self.back(),)
        p, q = self.p(a0, y0, d0), self.p(a1, y1, d1)
        box_between(acc, [min(p[i], q[i]) for i in range(3)], [max(p[i], q[i]) for i in range(3)], **kw)

    def wall(self, acc, a0, a1, y0, y1, thick, holes=(), top=None, uvfun=None):
        """The wall slab between a0..a1 (along the axis), y0..y1, `thick` metres inward.
        holes: (b0, b1, h0, h1) rectangles or point lists [(a, y), ...]; rectangles starting at
        y0 (doors) become notches in the outline. top: [(a, y), ...] replacing the top edge."""
        ax, at, out = self.axis, self.at, self.out
        if ax == "x":
            if out > 0:
                O, U, tou = (a0, 0, at), (1, 0, 0), (lambda a: a - a0)
            else:
                O, U, tou = (a1, 0, at), (-1, 0, 0), (lambda a: a1 - a)
        else:
            if out > 0:
                O, U, tou = (at, 0, a1), (0, 0, -1), (lambda a: a1 - a)
            else:
                O, U, tou = (at, 0, a0), (0, 0, 1), (lambda a: a - a0)
        L = a1 - a0
        notches, inner = [], []
        for hl in holes:
            if isinstance(hl[0], (tuple, list)):
                inner.append([(tou(a), y) for a, y in hl])
            else:
                b0, b1, h0, h1 = hl
                u0, u1 = sorted((tou(b0), tou(b1)))
                if h0 <= y0 + 1e-6:
                    notches.append((u0, u1, h1))
                else:
                    inner.append([(u0, h0), (u1, h0), (u1, h1), (u0, h1)])
        outline = [(0.0, y0)]
        for u0, u1, h1 in sorted(notches):
            outline += [(u0, y0), (u0, h1), (u1, h1), (u1, y0)]
        outline.append((L, y0))
        if top:
            outline += sorted(((tou(a), y) for a, y in top), key=lambda p: -p[0])
        else:
            outline += [(L, y1), (0.0, y1)]
        # drop consecutive duplicates
        clean = []
        for p in outline:
            if not clean or abs(clean[-1][0] - p[0]) > 1e-7 or abs(clean[-1][1] - p[1]) > 1e-7:
                clean.append(p)
        if abs(clean[0][0] - clean[-1][0]) < 1e-7 and abs(clean[0][1] - clean[-1][1]) < 1e-7:
            clean.pop()
        panel(acc, O, U, (0, 1, 0), clean, inner, depth=thick, uvfun=uvfun)


def slab(acc, outline_xz, y_top, thick, holes=()):
    """A horizontal slab: outline [(x, z), ...] in app coords, top face at y_top."""
    panel(acc, (0, y_top, 0), (1, 0, 0), (0, 0, -1), [(x, -z) for x, z in outline_xz],
          [[(x, -z) for x, z in h] for h in holes], depth=thick)


def catenary(p0, p1, sag, n=12):
    p0, p1 = Vector(p0), Vector(p1)
    return [p0.lerp(p1, t) - Vector((0, sag * 4 * t * (1 - t), 0)) for t in (i / n for i in range(n + 1))]


def seg_dist(p, a, b):
    """Distance from 2D point p to segment ab."""
    ax, az = b[0] - a[0], b[1] - a[1]
    L2 = ax * ax + az * az
    t = 0.0 if L2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * ax + (p[1] - a[1]) * az) / L2))
    return math.hypot(p[0] - a[0] - t * ax, p[1] - a[1] - t * az)


# ----------------------------------------------------------------------------- shared props

def tea_glass(glass_acc, tea_acc, tea_uv, x, y, z, saucer_acc=None, saucer_uv=None):
    """A small waisted tea glass (istikan) standing at (x, y, z), tea inside; optional saucer."""
    if saucer_acc is not None:
        with saucer_acc.const(saucer_uv):
            cylinder(saucer_acc, (x, y, z), (x, y + 0.008, z), 0.045, 0.05, n=14)
        y += 0.008
    rings = []
    for t, rr in ((0.0, 0.021), (0.03, 0.017), (0.06, 0.019), (0.085, 0.025)):
        rings.append([(x + rr * math.cos(2 * math.pi * i / 12), y + t, z + rr * math.sin(2 * math.pi * i / 12)) for i in range(12)])
    loft(glass_acc, rings, cap0=True, smooth=True, uvfun=lambda p: (0.5, 0.5))
    glass_acc.UV[-1] = [(0.5, 0.5)] * 12
    with tea_acc.const(tea_uv):
        cylinder(tea_acc, (x, y + 0.004, z), (x, y + 0.055, z), 0.016, 0.0185, n=10)


def orient_outward(acc, f0, centre):
    """Turns the faces added since f0 so that they point away from `centre` (closed convex-ish
    bodies such as lofted vessels)."""
    _fix_orientation(acc, f0, len(acc.F), Vector(centre), inward=False)


def check_scene(spots=(), sight=(), radius=0.45, ignore=()):
    """Prints what stands where the visitor stands (vertical probes around each spot, from
    knee to head height) and what blocks the lines of sight (eye, target) — all in app
    coordinates. Materials in `ignore` (ground, decals) are skipped."""
    from mathutils.bvhtree import BVHTree
    dg = bpy.context.evaluated_depsgraph_get()
    trees = []
    for ob in bpy.context.scene.objects:
        if ob.type != "MESH" or any(ob.name.endswith("_" + k) for k in ignore):
            continue
        trees.append((ob.name, BVHTree.FromObject(ob, dg)))
    ok = True
    for sx, sz in spots:
        for ang in range(0, 360, 30):
            for y in (0.3, 1.0, 1.7):
                p = to_bl((sx + radius * math.cos(math.radians(ang)), y, sz + radius * math.sin(math.radians(ang))))
                c = to_bl((sx, y, sz))
                for name, t in trees:
                    hit = t.ray_cast(c, (p - c).normalized(), radius)
                    if hit[0] is not None:
                        print(f"CHECK spot ({sx}, {sz}): {name} within {radius} m at height {y}")
                        ok = False
                        break
    for eye, target in sight:
        e, g = to_bl(eye), to_bl(target)
        d = g - e
        for name, t in trees:
            hit = t.ray_cast(e, d.normalized(), d.length - 0.3)
            if hit[0] is not None:
                q = hit[0]
                print(f"CHECK sight {eye} -> {target}: blocked by {name} at app ({q.x:.2f}, {q.z:.2f}, {-q.y:.2f})")
                ok = False
                break
    print("CHECK", "clear" if ok else "see above")
    return ok
