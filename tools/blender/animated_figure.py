"""Témoin: generate the animated townsperson, assets/models/figures/townsperson.glb.

Run headless (Blender 3.4):

    blender -b --factory-startup --python-exit-code 1 -P tools/blender/animated_figure.py
    blender -b --factory-startup --python-exit-code 1 -P tools/blender/animated_figure.py -- --no-previews

What it writes: one skinned low-poly adult (about 1.72 m, long-sleeved shirt, belted trousers,
shoes, dark hair, a nose bump and ears), one material whose colours ride on the COLOR_0 vertex
attribute (base colour factor white, so the vertex colour is the colour), a 17-joint armature

    hips > spine > chest > neck > head
                   chest > upper_arm_{l,r} > lower_arm_{l,r} > hand_{l,r}
           hips > upper_leg_{l,r} > lower_leg_{l,r} > foot_{l,r}

and three glTF animations, each its own NLA track and action, every joint keyed on every frame
(30 fps), times starting at 0:

    Idle  4.0 s  loop (last frame == first): one breath, a tiny side-to-side weight shift
    Wave  2.0 s  raise the right hand, wave twice, back to the idle rest pose
    Sit   1.5 s  from standing down onto a chair seat 0.45 m high, ends seated (hold last frame)

The first frame of every clip is the same standing pose. Legs are posed by an analytic two-bone
IK every frame, so the feet stay planted. The bind (rest) pose is a neutral standing pose.

Coordinates: built in Blender's z-up frame with the figure facing Blender +Y and its right hand
on +X; the exporter (export_yup) maps Blender (x, y, z) to glTF (x, z, -y), so in the app the
figure stands on y = 0, faces -Z, and its right hand is on +X. Sit moves the root (hips joint)
back, to glTF +Z: the seat is behind the figure's origin (numbers printed under "seat").

After exporting it re-reads the .glb (its JSON) and re-imports it into Blender, printing the
animation names and frame ranges, joint count, triangle count and bounding box in glTF
coordinates, and (unless --no-previews) renders previews of the re-imported file to
$TEMOIN_PREVIEWS (default /tmp/previews): rest pose, mid-Wave, and the end of Sit on a chair.
Everything is analytic: no randomness, no network, no textures."""
import json
import math
import os
import struct
import sys

import bpy
from mathutils import Euler, Matrix, Vector

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "assets", "models", "figures", "townsperson.glb")
PREVIEWS = os.environ.get("TEMOIN_PREVIEWS", "/tmp/previews")
ARGS = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
FPS = 30
CLIPS = (("Idle", 4.0), ("Wave", 2.0), ("Sit", 1.5))
SEAT_HEIGHT = 0.45


def log(*a):
    print("[townsperson]", *a, flush=True)


# ----------------------------------------------------------------------------- palette
def srgb_to_linear(c):
    return tuple((v / 12.92) if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c)


PALETTE = {  # sRGB, muted
    "skin": (0.80, 0.62, 0.50),
    "hair": (0.13, 0.10, 0.08),
    "shirt": (0.42, 0.48, 0.56),   # dusty blue-grey
    "trousers": (0.30, 0.27, 0.24),  # warm charcoal
    "belt": (0.22, 0.14, 0.09),
    "shoe": (0.17, 0.13, 0.10),
    "sole": (0.08, 0.07, 0.06),
    "sock": (0.13, 0.13, 0.14),
}

# ----------------------------------------------------------------------------- skeleton
# (name, parent, head, tail), Blender coordinates, right side = +x, figure faces +y.
SHOULDER = Vector((0.180, -0.005, 1.385))
ELBOW = Vector((0.235, -0.020, 1.100))
WRIST = Vector((0.255, 0.000, 0.850))
FINGERTIP = Vector((0.262, 0.012, 0.675))
HIP = Vector((0.095, 0.000, 0.925))
KNEE = Vector((0.100, 0.005, 0.505))
ANKLE = Vector((0.100, -0.012, 0.090))
TOE = Vector((0.100, 0.150, 0.025))


def mx(v):
    return Vector((-v.x, v.y, v.z))


BONES = [
    ("hips", None, Vector((0, 0, 0.93)), Vector((0, 0, 1.03))),
    ("spine", "hips", Vector((0, 0, 1.03)), Vector((0, 0, 1.20))),
    ("chest", "spine", Vector((0, 0, 1.20)), Vector((0, 0, 1.43))),
    ("neck", "chest", Vector((0, 0.005, 1.45)), Vector((0, 0.01, 1.56))),
    ("head", "neck", Vector((0, 0.01, 1.56)), Vector((0, 0.01, 1.72))),
]
for _s, _m in (("r", lambda v: v.copy()), ("l", mx)):
    BONES += [
        ("upper_arm_" + _s, "chest", _m(SHOULDER), _m(ELBOW)),
        ("lower_arm_" + _s, "upper_arm_" + _s, _m(ELBOW), _m(WRIST)),
        ("hand_" + _s, "lower_arm_" + _s, _m(WRIST), _m(FINGERTIP)),
        ("upper_leg_" + _s, "hips", _m(HIP), _m(KNEE)),
        ("lower_leg_" + _s, "upper_leg_" + _s, _m(KNEE), _m(ANKLE)),
        ("foot_" + _s, "lower_leg_" + _s, _m(ANKLE), _m(TOE)),
    ]
PARENT = {b[0]: b[1] for b in BONES}
REST_HEAD = {b[0]: b[2] for b in BONES}
REST_TAIL = {b[0]: b[3] for b in BONES}


# ----------------------------------------------------------------------------- mesh builder
class Builder:
    """Vertices with bone weights, faces with a palette colour and a smooth flag."""

    def __init__(self):
        self.verts, self.weights, self.faces, self.cols, self.smooth = [], [], [], [], []

    def vert(self, p, w):
        self.verts.append(Vector(p))
        self.weights.append(dict(w))
        return len(self.verts) - 1

    def face(self, idx, col, smooth=True):
        self.faces.append(tuple(idx))
        self.cols.append(col)
        self.smooth.append(smooth)

    def _orient(self, first, outward_test):
        """Flip faces [first:] if the first one faces inward (outward_test(centroid, normal))."""
        f = self.faces[first]
        a, b, c = (self.verts[i] for i in f[:3])
        n = (b - a).cross(c - a)
        cen = sum((self.verts[i] for i in f), Vector()) / len(f)
        if not outward_test(cen, n):
            for k in range(first, len(self.faces)):
                self.faces[k] = tuple(reversed(self.faces[k]))

    def loft(self, rings, n, start=None, end=None, ref=Vector((1, 0, 0))):
        """rings: dicts c (centre), t (tangent), rx, ry (half sizes along n, b), p (superellipse
        exponent), w (bone weights), col (colour of the band from this ring to the next).
        start/end: (pole position, colour) caps, or None (open)."""
        first = len(self.faces)
        idx = []
        for r in rings:
            t = Vector(r["t"]).normalized()
            u = (ref - t * ref.dot(t)).normalized()
            v = t.cross(u)
            e = 2.0 / r.get("p", 2.0)
            row = []
            for j in range(n):
                th = 2 * math.pi * j / n
                c, s = math.cos(th), math.sin(th)
                x = math.copysign(abs(c) ** e, c) * r["rx"]
                y = math.copysign(abs(s) ** e, s) * r["ry"]
                row.append(self.vert(Vector(r["c"]) + u * x + v * y, r["w"]))
            idx.append(row)
        for i in range(len(rings) - 1):
            for j in range(n):
                k = (j + 1) % n
                self.face((idx[i][j], idx[i][k], idx[i + 1][k], idx[i + 1][j]), rings[i]["col"])
        if start is not None:
            pole = self.vert(start[0], rings[0]["w"])
            for j in range(n):
                self.face((pole, idx[0][(j + 1) % n], idx[0][j]), start[1])
        if end is not None:
            pole = self.vert(end[0], rings[-1]["w"])
            for j in range(n):
                self.face((idx[-1][j], idx[-1][(j + 1) % n], pole), end[1])
        # outward = away from the ring centre of the first band
        c0 = Vector(rings[0]["c"]).lerp(Vector(rings[1]["c"]), 0.5)
        t0 = Vector(rings[0]["t"]).normalized()

        def test(cen, nrm):
            radial = (cen - c0) - t0 * (cen - c0).dot(t0)
            return nrm.dot(radial) > 0
        self._orient(first, test)


def lerp(a, b, t):
    return a + (b - a) * t


def blend(b0, b1, t):
    """weights dict fading from bone b0 to bone b1."""
    t = max(0.0, min(1.0, t))
    if t <= 0.0:
        return {b0: 1.0}
    if t >= 1.0:
        return {b1: 1.0}
    return {b0: 1.0 - t, b1: t}


def build_body():
    B = Builder()

    # --- torso, neck: (z, half width, half depth, centre y, colour of the band above, weights)
    def torso_w(z):
        if z < 0.985:
            return {"hips": 1.0}
        if z < 1.10:
            return blend("hips", "spine", (z - 0.985) / 0.115)
        if z < 1.30:
            return blend("spine", "chest", (z - 1.10) / 0.20)
        if z < 1.462:
            return {"chest": 1.0}
        if z < 1.50:
            return blend("chest", "neck", (z - 1.462) / 0.04)
        return blend("neck", "head", (z - 1.53) / 0.06)

    T = [
        (0.790, 0.100, 0.070, -0.010, "trousers"),
        (0.820, 0.145, 0.096, -0.014, "trousers"),
        (0.870, 0.162, 0.108, -0.015, "trousers"),
        (0.930, 0.166, 0.110, -0.012, "trousers"),
        (0.990, 0.160, 0.105, -0.004, "belt"),
        (1.030, 0.156, 0.103, 0.000, "shirt"),
        (1.100, 0.147, 0.101, 0.004, "shirt"),
        (1.190, 0.153, 0.108, 0.010, "shirt"),
        (1.270, 0.160, 0.113, 0.014, "shirt"),
        (1.340, 0.168, 0.108, 0.008, "shirt"),
        (1.395, 0.172, 0.094, 0.000, "shirt"),
        (1.418, 0.160, 0.085, -0.003, "shirt"),
        (1.440, 0.120, 0.072, -0.003, "shirt"),
        (1.456, 0.070, 0.063, 0.002, "shirt"),
        (1.466, 0.061, 0.058, 0.006, "shirt"),   # collar lip
        (1.466, 0.050, 0.048, 0.008, "skin"),
        (1.505, 0.048, 0.047, 0.010, "skin"),
        (1.560, 0.046, 0.045, 0.012, "skin"),
    ]
    rings = [dict(c=(0, yc, z), t=(0, 0, 1), rx=a, ry=b, p=2.5, w=torso_w(z), col=col)
             for z, a, b, yc, col in T]
    B.loft(rings, 20, start=((0, -0.010, 0.782), "trousers"), end=((0, 0.012, 1.565), "skin"))

    # --- head: (z, half width, half depth, centre y)
    H = [
        (1.503, 0.030, 0.028, 0.045),
        (1.520, 0.054, 0.062, 0.026),
        (1.545, 0.066, 0.085, 0.012),
        (1.580, 0.074, 0.098, 0.004),
        (1.620, 0.077, 0.101, 0.000),
        (1.660, 0.075, 0.098, -0.004),
        (1.690, 0.064, 0.084, -0.007),
        (1.710, 0.042, 0.055, -0.008),
        (1.719, 0.018, 0.024, -0.008),
    ]
    HEAD_P = 2.2
    rings = [dict(c=(0, yc, z), t=(0, 0, 1), rx=a, ry=b, p=HEAD_P, w={"head": 1.0}, col="skin")
             for z, a, b, yc in H]
    B.loft(rings, 20, start=((0, 0.040, 1.497), "skin"), end=((0, -0.008, 1.722), "skin"))

    def head_profile(z):
        if z <= H[0][0]:
            return H[0][1:]
        for (z0, *r0), (z1, *r1) in zip(H, H[1:]):
            if z <= z1:
                f = (z - z0) / (z1 - z0)
                return tuple(lerp(x0, x1, f) for x0, x1 in zip(r0, r1))
        return H[-1][1:]

    def head_point(z, th):
        a, b, yc = head_profile(z)
        e = 2.0 / HEAD_P
        c, s = math.cos(th), math.sin(th)
        return Vector((math.copysign(abs(c) ** e, c) * a, yc + math.copysign(abs(s) ** e, s) * b, z))

    # --- hair: a shell over the skull, hairline high at the front, low at the nape
    first = len(B.faces)
    C = Vector((0, -0.005, 1.605))
    n = 20
    us = (0.0, 0.14, 0.34, 0.58, 0.80, 0.93)
    grid = []
    for u in us:
        s = 1.025 if u == 0 else (1.07 if u < 0.2 else 1.085)
        row = []
        for j in range(n):
            th = 2 * math.pi * j / n
            sn = math.sin(th)
            zh = 1.612 + 0.058 * max(sn, 0) ** 1.5 - 0.080 * max(-sn, 0) ** 0.8
            z = zh + (1.717 - zh) * u
            row.append(B.vert(C + (head_point(z, th) - C) * s, {"head": 1.0}))
        grid.append(row)
    for i in range(len(us) - 1):
        for j in range(n):
            k = (j + 1) % n
            B.face((grid[i][j], grid[i][k], grid[i + 1][k], grid[i + 1][j]), "hair")
    top = B.vert(C + (Vector((0, -0.008, 1.722)) - C) * 1.085, {"head": 1.0})
    for j in range(n):
        B.face((grid[-1][j], grid[-1][(j + 1) % n], top), "hair")
    B._orient(first, lambda cen, nrm: nrm.dot(cen - C) > 0)

    # --- nose: a flat-shaded wedge
    first = len(B.faces)
    L = B.vert((-0.014, 0.096, 1.566), {"head": 1.0})
    R = B.vert((0.014, 0.096, 1.566), {"head": 1.0})
    Tp = B.vert((0.0, 0.100, 1.624), {"head": 1.0})
    tip = B.vert((0.0, 0.123, 1.574), {"head": 1.0})
    for f in ((L, R, tip), (R, Tp, tip), (Tp, L, tip)):
        B.face(f, "skin", smooth=False)
    nc = Vector((0, 0.09, 1.585))
    B._orient(first, lambda cen, nrm: nrm.dot(cen - nc) > 0)

    # --- ears: flattened ellipsoids
    for sx in (1, -1):
        c = Vector((0.078 * sx, -0.004, 1.592))
        rings = []
        for k in range(1, 5):
            ph = math.pi * k / 5
            rings.append(dict(c=c + Vector((0, 0, -0.031 * math.cos(ph))), t=(0, 0, 1),
                              rx=0.011 * math.sin(ph), ry=0.023 * math.sin(ph), p=2.0,
                              w={"head": 1.0}, col="skin"))
        B.loft(rings, 8, start=(c + Vector((0, 0, -0.031)), "skin"), end=(c + Vector((0, 0, 0.031)), "skin"))

    for side, m in (("r", lambda v: v.copy()), ("l", mx)):
        sgn = 1 if side == "r" else -1
        ua, la, hd = "upper_arm_" + side, "lower_arm_" + side, "hand_" + side
        ul, ll, ft = "upper_leg_" + side, "lower_leg_" + side, "foot_" + side
        S, E, W, F = m(SHOULDER), m(ELBOW), m(WRIST), m(FINGERTIP)
        u1, u2, u3 = (E - S).normalized(), (W - E).normalized(), (F - W).normalized()
        ue = (u1 + u2).normalized()

        # --- sleeve: rounded shoulder cap, upper arm, elbow, forearm, cuff
        R0 = 0.051
        rings = []
        for beta in (35, 65):
            b = math.radians(beta)
            rings.append(dict(c=S - u1 * R0 * math.cos(b), t=u1, rx=R0 * math.sin(b), ry=R0 * math.sin(b),
                              w={ua: 1.0}, col="shirt"))
        L1 = (E - S).length
        for o, r in ((0.0, R0), (0.10, 0.051), (0.20, 0.047), (L1 - 0.035, 0.045)):
            rings.append(dict(c=S + u1 * o, t=u1, rx=r, ry=r, w=blend(ua, la, (o - (L1 - 0.07)) / 0.14), col="shirt"))
        rings.append(dict(c=E, t=ue, rx=0.044, ry=0.044, w={ua: 0.5, la: 0.5}, col="shirt"))
        L2 = (W - E).length
        for o, r in ((0.035, 0.045), (0.12, 0.045), (0.20, 0.041), (L2 - 0.018, 0.040)):
            rings.append(dict(c=E + u2 * o, t=u2, rx=r, ry=r, w=blend(ua, la, 0.5 + o / 0.07), col="shirt"))
        rings[-1]["col"] = "shirt"
        rings.append(dict(c=E + u2 * (L2 - 0.018), t=u2, rx=0.026, ry=0.026, w={la: 1.0}, col="skin"))
        B.loft(rings, 12, start=(S - u1 * R0, "shirt"), end=(E + u2 * (L2 - 0.016), "skin"))

        # --- hand: a mitten, thin along x (palm faces the thigh), and a thumb
        rings = []
        for o, rx, ry, w in ((-0.030, 0.020, 0.026, {la: 1.0}), (0.0, 0.021, 0.028, {la: 0.5, hd: 0.5}),
                             (0.035, 0.024, 0.040, {hd: 1.0}), (0.080, 0.021, 0.045, {hd: 1.0}),
                             (0.120, 0.017, 0.043, {hd: 1.0}), (0.150, 0.013, 0.034, {hd: 1.0}),
                             (0.168, 0.008, 0.020, {hd: 1.0})):
            rings.append(dict(c=W + u3 * o, t=u3, rx=rx, ry=ry, p=2.3, w=w, col="skin"))
        B.loft(rings, 10, start=(W - u3 * 0.034, "skin"), end=(W + u3 * 0.178, "skin"))
        tb = W + u3 * 0.030 + Vector((-0.006 * sgn, 0.026, 0.0))
        td = (u3 * 0.75 + Vector((0, 0.55, 0)) + Vector((-0.25 * sgn, 0, 0))).normalized()
        rings = [dict(c=tb + td * o, t=td, rx=r, ry=r, w={hd: 1.0}, col="skin")
                 for o, r in ((0.0, 0.013), (0.025, 0.012), (0.048, 0.010))]
        B.loft(rings, 6, start=(tb - td * 0.008, "skin"), end=(tb + td * 0.060, "skin"))

        # --- trouser leg: rounded hip cap, thigh, knee, shin, hem (closed by a sock disk)
        Hh, K, A = m(HIP), m(KNEE), m(ANKLE)
        v1, v2 = (K - Hh).normalized(), (A - K).normalized()
        vk = (v1 + v2).normalized()
        R1 = 0.085
        rings = []
        for beta in (35, 65):
            b = math.radians(beta)
            rings.append(dict(c=Hh - v1 * R1 * math.cos(b), t=v1, rx=R1 * math.sin(b), ry=R1 * math.sin(b),
                              w={ul: 1.0}, col="trousers"))
        LL1 = (K - Hh).length
        for o, r in ((0.0, R1), (0.12, 0.080), (0.24, 0.071), (LL1 - 0.06, 0.061)):
            rings.append(dict(c=Hh + v1 * o, t=v1, rx=r, ry=r, w=blend(ul, ll, (o - (LL1 - 0.09)) / 0.18),
                              col="trousers"))
        rings.append(dict(c=K, t=vk, rx=0.058, ry=0.058, w={ul: 0.5, ll: 0.5}, col="trousers"))
        LL2 = (A - K).length
        for o, r in ((0.06, 0.058), (0.16, 0.058), (0.28, 0.055), (LL2 - 0.012, 0.055)):
            rings.append(dict(c=K + v2 * o, t=v2, rx=r, ry=r, w=blend(ul, ll, 0.5 + o / 0.18), col="trousers"))
        rings.append(dict(c=K + v2 * (LL2 - 0.012), t=v2, rx=0.034, ry=0.034, w={ll: 1.0}, col="sock"))
        B.loft(rings, 14, start=(Hh - v1 * R1, "trousers"), end=(K + v2 * (LL2 - 0.010), "sock"),
               ref=Vector((0, 1, 0)))

        # --- shoe: lofted along +y; (y, top height, half width)
        x = A.x
        SH = [(-0.066, 0.080, 0.032), (-0.052, 0.102, 0.040), (-0.028, 0.114, 0.043),
              (0.010, 0.110, 0.045), (0.058, 0.080, 0.048), (0.105, 0.062, 0.049),
              (0.145, 0.052, 0.046), (0.172, 0.044, 0.040), (0.190, 0.034, 0.030)]
        rings = [dict(c=(x, y, h / 2), t=(0, 1, 0), rx=h / 2, ry=w, p=3.0, w={ft: 1.0}, col="shoe")
                 for y, h, w in SH]
        first = len(B.faces)
        B.loft(rings, 14, start=((x, -0.072, 0.040), "shoe"), end=((x, 0.199, 0.017), "shoe"),
               ref=Vector((0, 0, 1)))
        for k in range(first, len(B.faces)):  # dark sole
            if max(B.verts[i].z for i in B.faces[k]) < 0.012:
                B.cols[k] = "sole"
    return B


# ----------------------------------------------------------------------------- scene
def clear_scene():
    for o in list(bpy.data.objects):
        bpy.data.objects.remove(o, do_unlink=True)
    for coll in (bpy.data.meshes, bpy.data.armatures, bpy.data.materials, bpy.data.actions,
                 bpy.data.cameras, bpy.data.lights, bpy.data.images):
        for d in list(coll):
            coll.remove(d)


def make_armature():
    arm = bpy.data.armatures.new("Townsperson")
    obj = bpy.data.objects.new("Townsperson", arm)
    bpy.context.scene.collection.objects.link(obj)
    bpy.context.view_layer.objects.active = obj
    obj.select_set(True)
    bpy.ops.object.mode_set(mode="EDIT")
    eb = {}
    for name, parent, head, tail in BONES:
        b = arm.edit_bones.new(name)
        b.head, b.tail = head, tail
        b.roll = 0.0
        if parent:
            b.parent = eb[parent]
            b.use_connect = (eb[parent].tail - head).length < 1e-6
        eb[name] = b
    bpy.ops.object.mode_set(mode="OBJECT")
    for pb in obj.pose.bones:
        pb.rotation_mode = "QUATERNION"
    return obj


def make_mesh(B, arm_obj):
    """The colours go on the POINT domain: Blender 3.4's exporter reads CORNER colours by vertex
    index (scrambling them), so every vertex is split per colour of the faces around it, and
    the smooth normals of the unsplit surface are kept as custom normals (no shading seams)."""
    tmp = bpy.data.meshes.new("tmp")
    tmp.from_pydata([tuple(v) for v in B.verts], [], B.faces)
    assert len(tmp.polygons) == len(B.faces)
    vn = [v.normal.copy() for v in tmp.vertices]
    fn = [p.normal.copy() for p in tmp.polygons]
    bpy.data.meshes.remove(tmp)

    remap, verts, weights, vcols, faces, loop_normals = {}, [], [], [], [], []
    for fi, (f, col) in enumerate(zip(B.faces, B.cols)):
        nf = []
        for i in f:
            key = (i, col)
            if key not in remap:
                remap[key] = len(verts)
                verts.append(tuple(B.verts[i]))
                weights.append(B.weights[i])
                vcols.append(col)
            nf.append(remap[key])
            loop_normals.append(tuple(vn[i] if B.smooth[fi] else fn[fi]))
        faces.append(nf)

    me = bpy.data.meshes.new("TownspersonMesh")
    me.from_pydata(verts, [], faces)
    assert len(me.polygons) == len(faces) and len(me.vertices) == len(verts)
    me.polygons.foreach_set("use_smooth", [True] * len(faces))
    me.use_auto_smooth = True
    me.auto_smooth_angle = math.pi
    me.normals_split_custom_set(loop_normals)
    ca = me.color_attributes.new(name="Col", type="FLOAT_COLOR", domain="POINT")
    lin = {k: srgb_to_linear(v) + (1.0,) for k, v in PALETTE.items()}
    data = []
    for c in vcols:
        data.extend(lin[c])
    ca.data.foreach_set("color", data)
    me.color_attributes.active_color = ca
    try:
        me.color_attributes.render_color_index = me.color_attributes.find("Col")
    except Exception:  # read-only in some versions; a single attribute is the render one anyway
        pass

    mat = bpy.data.materials.new("townsperson")
    mat.use_nodes = True
    nt = mat.node_tree
    bsdf = nt.nodes["Principled BSDF"]
    bsdf.inputs["Base Color"].default_value = (1, 1, 1, 1)
    bsdf.inputs["Roughness"].default_value = 0.85
    bsdf.inputs["Specular"].default_value = 0.3
    attr = nt.nodes.new("ShaderNodeVertexColor")
    attr.layer_name = "Col"
    nt.links.new(attr.outputs["Color"], bsdf.inputs["Base Color"])
    me.materials.append(mat)

    obj = bpy.data.objects.new("TownspersonMesh", me)
    bpy.context.scene.collection.objects.link(obj)
    obj.parent = arm_obj
    groups = {name: obj.vertex_groups.new(name=name) for name, *_ in BONES}
    for i, w in enumerate(weights):
        s = sum(w.values())
        for bone, val in w.items():
            groups[bone].add([i], val / s, "REPLACE")
    mod = obj.modifiers.new("Armature", "ARMATURE")
    mod.object = arm_obj
    return obj, weights


# ----------------------------------------------------------------------------- posing
S_MIRROR = Matrix(((-1, 0, 0), (0, 1, 0), (0, 0, 1)))


def eul(x=0.0, y=0.0, z=0.0):
    return Euler((math.radians(x), math.radians(y), math.radians(z)), "XYZ").to_matrix()


def rot(axis, deg):
    return Matrix.Rotation(math.radians(deg), 3, axis)


def mirror(m3):
    return S_MIRROR @ m3 @ S_MIRROR


def aim(d0, r0, d1, r1):
    """Rotation taking direction d0 to d1, with reference r0 (made normal to d0) to r1."""
    def frame(d, r):
        d = d.normalized()
        r = (r - d * r.dot(d)).normalized()
        return Matrix((d, r, d.cross(r))).transposed()
    return frame(d1, r1) @ frame(d0, r0).transposed()


def smooth(t):
    t = max(0.0, min(1.0, t))
    return t * t * (3 - 2 * t)


def smoother(t):
    t = max(0.0, min(1.0, t))
    return t * t * t * (t * (6 * t - 15) + 10)


ARM_REST = dict(abd=1.0, fwd=0.0, twist=0.0, flex_sh=3.0, elbow=10.0, pron=0.0, hand=(0.0, 6.0, 0.0),
                fore_world=(0.0, 0.0, 0.0))


def mix(a, b, t):
    out = {}
    for k in a:
        if isinstance(a[k], tuple):
            out[k] = tuple(lerp(x, y, t) for x, y in zip(a[k], b[k]))
        else:
            out[k] = lerp(a[k], b[k], t)
    return out


def base_pose():
    return dict(hips_off=Vector((0, 0, -0.004)), hips_rot=(0.0, 0.0, 0.0),
                spine=(0.0, 0.0, 0.0), chest=(0.0, 0.0, 0.0), neck=(0.0, 0.0, 0.0), head=(0.0, 0.0, 0.0),
                arm_r=dict(ARM_REST), arm_l=dict(ARM_REST),
                foot_r=(0.0, 0.0, 0.0), foot_l=(0.0, 0.0, 0.0),
                ankle_r=Vector(), ankle_l=Vector())


def arm_mats(a):
    """Right-side relative rotations (in rest axes) for upper arm, lower arm, hand, + world extra."""
    gu = rot("Z", a["fwd"]) @ rot("Y", -a["abd"]) @ rot("X", a["flex_sh"]) @ rot("Z", a["twist"])
    gl = rot("X", a["elbow"]) @ rot("Z", a["pron"])
    gh = eul(*a["hand"])
    fw = eul(*a["fore_world"])
    return gu, gl, gh, fw


def ik2(hp, target, l1, l2, pole):
    d = target - hp
    dist = min(d.length, (l1 + l2) * 0.9995)
    u = d.normalized()
    ca = max(-1.0, min(1.0, (l1 * l1 + dist * dist - l2 * l2) / (2 * l1 * dist)))
    a = math.acos(ca)
    pn = (pole - u * pole.dot(u)).normalized()
    knee = hp + (u * math.cos(a) + pn * math.sin(a)) * l1
    return knee, hp + u * dist


def solve(P):
    """Pose parameters -> ({bone: world (armature-space) delta rotation}, {bone: posed head})."""
    W, head = {}, {}
    W["hips"] = eul(*P["hips_rot"])
    head["hips"] = REST_HEAD["hips"] + P["hips_off"]
    drift = 0.0
    for name, parent, *_ in BONES[1:]:
        head[name] = head[parent] + W[parent] @ (REST_HEAD[name] - REST_HEAD[parent])
        side = name[-1]
        if name in ("spine", "chest", "neck", "head"):
            W[name] = W[parent] @ eul(*P[name])
        elif name.startswith(("upper_arm", "lower_arm", "hand")):
            gu, gl, gh, fw = arm_mats(P["arm_" + side])
            if side == "l":
                gu, gl, gh, fw = (mirror(m) for m in (gu, gl, gh, fw))
            if name.startswith("upper_arm"):
                W[name] = W[parent] @ gu
            elif name.startswith("lower_arm"):
                W[name] = fw @ W[parent] @ gl
            else:
                W[name] = W[parent] @ gh
        elif name.startswith("upper_leg"):
            lo = "lower_leg_" + side
            hp = head[name]
            target = REST_HEAD["foot_" + side] + P["ankle_" + side]
            l1 = (REST_HEAD[lo] - REST_HEAD[name]).length
            l2 = (REST_TAIL[lo] - REST_HEAD[lo]).length
            pole = W["hips"] @ Vector((0.12 if side == "r" else -0.12, 1.0, 0.0))
            knee, ankle = ik2(hp, target, l1, l2, pole)
            drift = max(drift, (ankle - target).length)
            fwd = Vector((0, 1, 0))
            W[name] = aim(REST_HEAD[lo] - REST_HEAD[name], fwd, knee - hp, pole)
            W[lo] = aim(REST_TAIL[lo] - REST_HEAD[lo], fwd, ankle - knee, pole)
        elif name.startswith("lower_leg"):
            pass  # set with the upper leg
        elif name.startswith("foot"):
            W[name] = eul(*P["foot_" + side]) if side == "r" else mirror(eul(*P["foot_" + side]))
    return W, head, drift


# ----------------------------------------------------------------------------- the clips
def idle_pose(t, breath_period=4.0, sway_amount=1.0):
    P = base_pose()
    br = 0.5 - 0.5 * math.cos(2 * math.pi * t / breath_period)      # 0 at t=0, 1 mid-cycle
    sw = math.sin(2 * math.pi * t / 4.0) * sway_amount               # weight shift, one cycle
    look = math.sin(2 * math.pi * t / 4.0 - 0.5) * sway_amount + math.sin(0.5) * sway_amount * (1 - br)
    P["hips_off"] = Vector((0.011 * sw, 0.0, -0.004 - 0.002 * sw * sw))
    P["hips_rot"] = (0.0, -1.4 * sw, 0.4 * sw)
    P["spine"] = (0.4 * br, 0.8 * sw, -0.2 * sw)
    P["chest"] = (1.1 * br, 0.5 * sw, -0.2 * sw)
    P["neck"] = (-0.9 * br, 0.0, 0.0)
    P["head"] = (-0.6 * br + 0.8 * look * look, 0.2 * sw, 2.5 * look)
    for side, s in (("arm_r", 1.0), ("arm_l", -1.0)):
        a = dict(ARM_REST)
        a["abd"] = ARM_REST["abd"] + 1.2 * br + 0.6 * sw * s
        a["flex_sh"] = ARM_REST["flex_sh"] + 0.8 * sw * s
        a["elbow"] = ARM_REST["elbow"] + 1.5 * br
        P[side] = a
    return P


WAVE_ARM = dict(abd=80.0, fwd=22.0, twist=-90.0, flex_sh=0.0, elbow=108.0, pron=-12.0,
                hand=(0.0, -8.0, 0.0), fore_world=(0.0, 0.0, 0.0))


def wave_pose(t):
    P = idle_pose(t, breath_period=2.0, sway_amount=0.0)
    w = smoother(t / 0.5) * (1.0 - smoother((t - 1.55) / 0.45))
    env = smooth((t - 0.42) / 0.15) * (1.0 - smooth((t - 1.45) / 0.12))
    osc = math.sin(2 * math.pi * 2.0 * (t - 0.5)) * env            # two full waves in 1 s
    osc_h = math.sin(2 * math.pi * 2.0 * (t - 0.5) - 0.7) * env
    a = mix(P["arm_r"], WAVE_ARM, w)
    a["fore_world"] = (0.0, 18.0 * osc, 0.0)
    a["hand"] = (a["hand"][0] + 14.0 * osc_h, a["hand"][1], a["hand"][2])
    P["arm_r"] = a
    P["hips_off"] = P["hips_off"] + Vector((-0.008 * w, 0.0, 0.0))
    P["hips_rot"] = (0.0, 1.0 * w, 0.0)
    P["spine"] = (P["spine"][0], P["spine"][1] - 2.0 * w, P["spine"][2] + 2.0 * w)
    P["chest"] = (P["chest"][0] - 1.0 * w, P["chest"][1] - 1.5 * w, P["chest"][2] + 3.0 * w)
    P["head"] = (P["head"][0] - 2.0 * w, P["head"][1] + 5.0 * w, P["head"][2] - 4.0 * w)
    return P


SIT_HIPS = Vector((0.0, -0.400, -0.345))
SIT_ARM = dict(abd=4.0, fwd=0.0, twist=28.0, flex_sh=14.0, elbow=50.0, pron=85.0,
               hand=(0.0, -16.0, 0.0), fore_world=(0.0, 0.0, 0.0))


def sit_pose(t):
    P = idle_pose(0.0)
    fy = smoother((t - 0.08) / 1.20)
    fz = smoother((t - 0.18) / 1.22)
    bump = math.sin(math.pi * max(0.0, min(1.0, (t - 0.05) / 1.30))) ** 1.4   # forward lean, 0 at ends
    end = smoother((t - 0.45) / 1.05)
    lean = 34.0 * bump
    P["hips_off"] = Vector((0.0, SIT_HIPS.y * fy, -0.004 + (SIT_HIPS.z + 0.004) * fz))
    P["hips_rot"] = (-0.55 * lean + 6.0 * end, 0.0, 0.0)
    P["spine"] = (-0.25 * lean - 5.0 * end, 0.0, 0.0)
    P["chest"] = (-0.20 * lean - 2.0 * end, 0.0, 0.0)
    P["neck"] = (0.35 * lean, 0.0, 0.0)
    P["head"] = (0.25 * lean + 2.0 * end, 0.0, 0.0)
    for side in ("arm_r", "arm_l"):
        a = mix(P[side], SIT_ARM, end)
        a["flex_sh"] += 28.0 * bump
        a["elbow"] += 22.0 * bump
        P[side] = a
    return P


CLIP_FN = {"Idle": idle_pose, "Wave": wave_pose, "Sit": sit_pose}


def key_clips(arm_obj):
    rest = {pb.name: pb.bone.matrix_local.copy() for pb in arm_obj.pose.bones}
    arm_obj.animation_data_create()
    actions = []
    for name, dur in CLIPS:
        act = bpy.data.actions.new(name)
        act.use_fake_user = True
        arm_obj.animation_data.action = act
        nframes = int(round(dur * FPS))
        prevq = {}
        drift = 0.0
        for f in range(nframes + 1):
            t = f / FPS
            W, head, d = solve(CLIP_FN[name](t))
            drift = max(drift, d)
            for pb in arm_obj.pose.bones:
                b = pb.name
                R3 = rest[b].to_3x3()
                p = PARENT[b]
                if p is None:
                    L = R3.transposed() @ W[b] @ R3
                    pb.location = R3.transposed() @ (head[b] - REST_HEAD[b])
                else:
                    L = R3.transposed() @ W[p].transposed() @ W[b] @ R3
                    pb.location = (0, 0, 0)
                q = L.to_quaternion()
                if b in prevq and prevq[b].dot(q) < 0:
                    q.negate()
                prevq[b] = q
                pb.rotation_quaternion = q
                pb.scale = (1, 1, 1)
                pb.keyframe_insert("rotation_quaternion", frame=f, group=b)
                pb.keyframe_insert("location", frame=f, group=b)
                pb.keyframe_insert("scale", frame=f, group=b)
        for fc in act.fcurves:
            for kp in fc.keyframe_points:
                kp.interpolation = "LINEAR"
        log(f"clip {name}: frames 0..{nframes} ({dur} s), max foot IK drift {drift * 1000:.1f} mm")
        actions.append(act)
    arm_obj.animation_data.action = None
    for act in actions:
        track = arm_obj.animation_data.nla_tracks.new()
        track.name = act.name
        strip = track.strips.new(act.name, 0, act)
        strip.name = act.name
    for pb in arm_obj.pose.bones:
        pb.location, pb.rotation_quaternion, pb.scale = (0, 0, 0), (1, 0, 0, 0), (1, 1, 1)
    return actions


def report_seat(arm_obj, mesh_obj, weights):
    """Evaluate the last Sit frame: where the body meets the seat."""
    ad = arm_obj.animation_data
    for tr in ad.nla_tracks:
        tr.mute = True
    ad.action = bpy.data.actions["Sit"]
    bpy.context.scene.frame_set(int(round(1.5 * FPS)))
    dg = bpy.context.evaluated_depsgraph_get()
    ev = mesh_obj.evaluated_get(dg)
    me = ev.to_mesh()
    pts = [mesh_obj.matrix_world @ v.co for v in me.vertices]
    ev.to_mesh_clear()
    body = [p for p, w in zip(pts, weights)
            if max(w.get(b, 0.0) for b in ("hips", "upper_leg_r", "upper_leg_l")) >= 0.5]
    low = min(body, key=lambda p: p.z)
    seat = [p for p in body if p.z < low.z + 0.02]
    ys = [p.y for p in seat]
    back = min(p.y for p, w in zip(pts, weights) if w.get("hips", 0) + w.get("spine", 0) + w.get("chest", 0) > 0.5)
    ad.action = None
    for tr in ad.nla_tracks:
        tr.mute = False
    bpy.context.scene.frame_set(0)
    # glTF coordinates: (x, z, -y)
    log(f"seat: lowest seated body point at height {low.z:.3f} m (chair seat {SEAT_HEIGHT} m); "
        f"contact spans glTF z {-max(ys):+.3f}..{-min(ys):+.3f} (seat is behind the origin, +Z); "
        f"rearmost point of the back at glTF z {-back:+.3f}")


# ----------------------------------------------------------------------------- export + checks
def export(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    bpy.ops.export_scene.gltf(
        filepath=path, export_format="GLB", use_selection=False, export_yup=True,
        export_apply=False, export_texcoords=False, export_normals=True, export_colors=True,
        export_materials="EXPORT", export_cameras=False, export_lights=False, export_extras=False,
        export_skins=True, export_all_influences=False, export_def_bones=False,
        export_animations=True, export_frame_range=False, export_force_sampling=True,
        export_frame_step=1, export_nla_strips=True, export_optimize_animation_size=False,
        export_anim_single_armature=True, export_reset_pose_bones=True, export_current_frame=False,
        export_morph=False)


def read_glb(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, _ver, _length = struct.unpack_from("<4sII", data, 0)
    assert magic == b"glTF", "not a GLB"
    jlen, jtype = struct.unpack_from("<I4s", data, 12)
    assert jtype == b"JSON"
    g = json.loads(data[20:20 + jlen].decode("utf-8"))
    blen, btype = struct.unpack_from("<I4s", data, 20 + jlen)
    assert btype == b"BIN\0"
    return g, len(data), data[28 + jlen:28 + jlen + blen]


def accessor_rows(g, binc, i):
    a = g["accessors"][i]
    assert a["componentType"] == 5126, "float accessors only"
    width = {"SCALAR": 1, "VEC3": 3, "VEC4": 4}[a["type"]]
    bv = g["bufferViews"][a["bufferView"]]
    assert bv.get("byteStride", 4 * width) == 4 * width
    off = bv.get("byteOffset", 0) + a.get("byteOffset", 0)
    flat = struct.unpack_from("<%df" % (a["count"] * width), binc, off)
    return [flat[k * width:(k + 1) * width] for k in range(a["count"])]


def check_glb(path):
    g, size, binc = read_glb(path)
    acc = g["accessors"]
    names = [a["name"] for a in g.get("animations", [])]
    log(f"file {os.path.relpath(path, ROOT)}: {size} bytes ({size / 1024:.0f} KiB)")
    for a in g.get("animations", []):
        ins = {a["samplers"][c["sampler"]]["input"] for c in a["channels"]}
        t0 = min(acc[i]["min"][0] for i in ins)
        t1 = max(acc[i]["max"][0] for i in ins)
        log(f"animation {a['name']!r}: {len(a['channels'])} channels, t {t0:.3f}..{t1:.3f} s "
            f"(frames {round(t0 * FPS)}..{round(t1 * FPS)} at {FPS} fps)")
    # every clip starts from the same pose; Idle ends where it starts (a seamless loop)
    firsts, lasts = {}, {}
    for a in g.get("animations", []):
        for c in a["channels"]:
            out = accessor_rows(g, binc, a["samplers"][c["sampler"]]["output"])
            key = (c["target"]["node"], c["target"]["path"])
            firsts.setdefault(a["name"], {})[key] = out[0]
            lasts.setdefault(a["name"], {})[key] = out[-1]

    def gap(p, q):
        return max(max(abs(x - y) for x, y in zip(p[k], q[k])) for k in p)
    log(f"pose gaps: Idle start/end {gap(firsts['Idle'], lasts['Idle']):.2e}, "
        f"Wave start/end {gap(firsts['Wave'], lasts['Wave']):.2e}, "
        f"Idle/Wave/Sit starts {max(gap(firsts['Idle'], firsts['Wave']), gap(firsts['Idle'], firsts['Sit'])):.2e}")
    assert gap(firsts["Idle"], lasts["Idle"]) < 1e-4 and gap(firsts["Idle"], firsts["Sit"]) < 1e-4
    skins = g.get("skins", [])
    joints = [g["nodes"][j]["name"] for j in skins[0]["joints"]] if skins else []
    log(f"skins {len(skins)}, joints {len(joints)}: {', '.join(joints)}")
    tris = 0
    lo, hi = [1e9] * 3, [-1e9] * 3
    prims = 0
    for m in g["meshes"]:
        for p in m["primitives"]:
            prims += 1
            tris += acc[p["indices"]]["count"] // 3
            pa = acc[p["attributes"]["POSITION"]]
            lo = [min(x, y) for x, y in zip(lo, pa["min"])]
            hi = [max(x, y) for x, y in zip(hi, pa["max"])]
            log(f"primitive attributes: {sorted(p['attributes'])}")
    log(f"meshes {len(g['meshes'])}, primitives {prims}, triangles {tris}, "
        f"materials {[m['name'] for m in g.get('materials', [])]}, textures {len(g.get('textures', []))}")
    log(f"bind-pose bounding box (glTF x, y, z): min ({lo[0]:.3f}, {lo[1]:.3f}, {lo[2]:.3f}) "
        f"max ({hi[0]:.3f}, {hi[1]:.3f}, {hi[2]:.3f}); height {hi[1] - lo[1]:.3f} m")
    assert names == ["Idle", "Sit", "Wave"] or sorted(names) == ["Idle", "Sit", "Wave"], names
    assert tris < 6000 and size < 1_000_000 and len(joints) == 17
    return names, tris, size


def reimport_and_preview(path, previews):
    clear_scene()
    import numpy as np
    if "bool" not in np.__dict__:  # Blender 3.4's importer still says np.bool (gone in numpy >= 1.24)
        np.bool = bool
    bpy.ops.import_scene.gltf(filepath=path)
    arm = next(o for o in bpy.data.objects if o.type == "ARMATURE")
    mesh = next(o for o in bpy.data.objects if o.type == "MESH")
    tris = sum(len(p.vertices) - 2 for p in mesh.data.polygons)
    log(f"re-import: armature {arm.name!r} with {len(arm.data.bones)} bones, mesh {mesh.name!r} "
        f"{tris} triangles, {len(mesh.data.vertices)} vertices")
    for act in sorted(bpy.data.actions, key=lambda a: a.name):
        log(f"re-import: action {act.name!r} frames {act.frame_range[0]:.0f}..{act.frame_range[1]:.0f}")
    ad = arm.animation_data
    if ad:
        for tr in ad.nla_tracks:
            tr.mute = True
        ad.action = None
    for pb in arm.pose.bones:
        pb.matrix_basis = Matrix()
    bpy.context.view_layer.update()
    bb = [mesh.matrix_world @ Vector(c) for c in mesh.bound_box]
    log("re-import: bounding box (glTF x, y, z) min ({:.3f}, {:.3f}, {:.3f}) max ({:.3f}, {:.3f}, {:.3f})".format(
        min(v.x for v in bb), min(v.z for v in bb), min(-v.y for v in bb),
        max(v.x for v in bb), max(v.z for v in bb), max(-v.y for v in bb)))
    if not previews:
        return
    os.makedirs(PREVIEWS, exist_ok=True)
    sc = bpy.context.scene
    sc.render.engine = "CYCLES"
    sc.cycles.device = "CPU"
    sc.cycles.samples = 24
    sc.cycles.use_denoising = False
    sc.render.resolution_x, sc.render.resolution_y = 420, 600
    sc.render.image_settings.file_format = "PNG"
    world = bpy.data.worlds.new("w") if sc.world is None else sc.world
    sc.world = world
    world.use_nodes = True
    world.node_tree.nodes["Background"].inputs["Color"].default_value = (0.55, 0.57, 0.6, 1)
    world.node_tree.nodes["Background"].inputs["Strength"].default_value = 0.8
    bpy.ops.mesh.primitive_plane_add(size=6, location=(0, 0, 0))
    floor = bpy.context.active_object
    fm = bpy.data.materials.new("floor")
    fm.use_nodes = True
    fm.node_tree.nodes["Principled BSDF"].inputs["Base Color"].default_value = (0.35, 0.33, 0.3, 1)
    floor.data.materials.append(fm)
    sun = bpy.data.objects.new("sun", bpy.data.lights.new("sun", "SUN"))
    sun.data.energy = 3.0
    sun.rotation_euler = (math.radians(50), 0, math.radians(150))
    sc.collection.objects.link(sun)
    cam = bpy.data.objects.new("cam", bpy.data.cameras.new("cam"))
    sc.collection.objects.link(cam)
    sc.camera = cam

    def look(loc, target, lens=50):
        cam.location = loc
        cam.rotation_euler = (Vector(target) - Vector(loc)).to_track_quat("-Z", "Y").to_euler()
        cam.data.lens = lens

    def pose(action, frame):
        if ad:
            ad.action = bpy.data.actions[action] if action else None
        if action is None:
            for pb in arm.pose.bones:
                pb.matrix_basis = Matrix()
        sc.frame_set(frame)

    def act_named(prefix):
        return next(a.name for a in bpy.data.actions if a.name.startswith(prefix))

    def shot(name):
        sc.render.filepath = os.path.join(PREVIEWS, name)
        bpy.ops.render.render(write_still=True)
        log(f"preview {sc.render.filepath}")

    pose(None, 0)
    look((1.1, 3.4, 1.25), (0, 0, 0.88))
    shot("townsperson_rest.png")
    pose(act_named("Wave"), 19)
    shot("townsperson_wave_f19.png")
    # chair for the seated shot: seat top at SEAT_HEIGHT, centred where the seat report says
    bpy.ops.mesh.primitive_cube_add(size=1, location=(0, -0.34, SEAT_HEIGHT - 0.02))
    seat = bpy.context.active_object
    seat.scale = (0.44, 0.42, 0.04)
    bpy.ops.mesh.primitive_cube_add(size=1, location=(0, -0.56, SEAT_HEIGHT + 0.22))
    back = bpy.context.active_object
    back.scale = (0.44, 0.03, 0.44)
    pose(act_named("Sit"), 45)
    look((2.6, 1.6, 1.0), (0, -0.2, 0.6))
    shot("townsperson_sit_end.png")


def main():
    clear_scene()
    sc = bpy.context.scene
    sc.render.fps = FPS
    sc.render.fps_base = 1.0
    sc.frame_start, sc.frame_end = 0, int(4 * FPS)
    B = build_body()
    arm = make_armature()
    mesh, weights = make_mesh(B, arm)
    log(f"built {len(mesh.data.vertices)} vertices, {sum(len(f) - 2 for f in B.faces)} triangles")
    key_clips(arm)
    report_seat(arm, mesh, weights)
    export(OUT)
    check_glb(OUT)
    reimport_and_preview(OUT, previews="--no-previews" not in ARGS)
    log("done")


main()
