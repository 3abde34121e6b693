"""assets/models/van.glb — the NGO team's white minivan: 4.4 m long, 1.8 m wide, 1.9 m high,
origin at the centre of its footprint on the ground, nose toward -z. The app places it at
(-3, 0, 7) in the street.

The body is lofted from cross-sections (rounded sides, tumblehome, sloping windshield,
wheel arches); faces of the glasshouse between the pillars are routed to the dark glass
material. Run: blender -b --factory-startup --python-exit-code 1 -P tools/blender/van.py"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import *  # noqa: E402,F401,F403

OUT = os.path.join(MODELS, "van.glb")
S = Set("van")
S.mat("paint", "vanpaint", texlib.van_paint, uv="explicit")
S.mat("glass", "glass", texlib.flat, uv="explicit", colour="#141a20", rough=0.08, metal=0.0)
CELLS = [("#161616", 0.85, 0.0), ("#2a2a2a", 0.6, 0.0), ("#b9bcbf", 0.25, 1.0), ("#c9d3da", 0.1, 0.3),
         ("#e08a1e", 0.3, 0.0), ("#a3201c", 0.3, 0.0), ("#f2f2ee", 0.5, 0.0), ("#1f5fa6", 0.4, 0.0),
         ("#0c0c0c", 0.9, 0.0), ("#6d7075", 0.4, 0.8)]
RUBBER, TRIM, CHROME, LENS, AMBER, RED, PLATE, BLUE, UNDER, RIM = range(len(CELLS))
S.mat("props", "vanprops", texlib.swatches, uv="explicit", cells=CELLS)
P, B, G = S["props"], S["paint"], S["glass"]

L, WID, H = 4.4, 1.8, 1.9
WHEELS = (-1.38, 1.32)           # wheel centres along z
WR, AR = 0.33, 0.4               # wheel and arch radius
HW = 0.9                         # half width of the body
KEYS = [  # z, bottom, belt, top, half width scale
    (-2.20, 0.40, 0.66, 0.72, 0.86),
    (-2.14, 0.30, 0.86, 0.93, 0.95),
    (-1.95, 0.28, 0.95, 1.03, 0.99),
    (-1.60, 0.28, 1.00, 1.10, 1.0),
    (-0.80, 0.28, 1.02, 1.86, 1.0),
    (-0.55, 0.28, 1.02, 1.90, 1.0),
    (1.95, 0.28, 1.02, 1.90, 1.0),
    (2.16, 0.30, 1.02, 1.88, 0.99),
    (2.20, 0.40, 1.00, 1.82, 0.97),
]


def prof(z):
    for (z0, *a), (z1, *b) in zip(KEYS[:-1], KEYS[1:]):
        if z0 <= z <= z1:
            t = (z - z0) / (z1 - z0)
            yb, belt, top, sc = [u + (v - u) * t for u, v in zip(a, b)]
            for wz in WHEELS:
                dz = z - wz
                if abs(dz) < AR:
                    yb = max(yb, WR + math.sqrt(AR * AR - dz * dz) - 0.02)
            return yb, belt, top, sc
    raise ValueError(z)


def ring(z):
    yb, belt, top, sc = prof(z)
    hw = HW * sc
    hg = hw - 0.13                          # glasshouse tumblehome
    right = [(0.0, yb), (hw - 0.07, yb), (hw, yb + 0.07), (hw, belt), (hg, top - 0.07), (hg - 0.1, top), (0.0, top)]
    left = [(-x, y) for x, y in reversed(right[1:-1])]
    return [(x, y, z) for x, y in right + left]


# z stations: dense around the wheels and at pillar edges
zs = sorted(set([k[0] for k in KEYS] + [round(w + AR * math.sin(a), 4) for w in WHEELS for a in
                                        [math.radians(d) for d in range(-90, 91, 15)]]
                + [-1.45, -1.35, -0.5, -0.38, -0.25, 0.85, 0.97, 1.08, 1.85, 1.97, -1.2, -1.0, 0.3, 1.5]))
zs = [z for z in zs if -2.2 <= z <= 2.2]
SIDE_WINDOWS = [(-1.5, -0.55), (-0.38, 0.85), (0.97, 1.85)]   # front door, sliding door, rear quarter
WINDSHIELD = (-1.58, -0.82)
REAR_WINDOW = True


def uv_paint(p):
    return ((p[2] + 2.2) / 4.4, p[1] / 1.95)


rings = [ring(z) for z in zs]
ids = [[None] * len(rings[0]) for _ in rings]
n = len(rings[0])
for i in range(len(zs) - 1):
    zm = (zs[i] + zs[i + 1]) / 2
    for k in range(n):
        j = (k + 1) % n
        seg = (min(k, j), max(k, j)) if abs(k - j) == 1 else (k, j)
        # segment index in the right half: 3 = belt->glass top (side glass), 4..5 = roof edge/top
        side_glass = (k == 3 or k == n - 4) and any(a < zm < b for a, b in SIDE_WINDOWS)
        top_glass = k in (4, 5, 6, 7) and WINDSHIELD[0] < zm < WINDSHIELD[1]
        acc = G if (side_glass or top_glass) else B
        q = [rings[i][k], rings[i][j], rings[i + 1][j], rings[i + 1][k]]
        idx = [acc.v(p) for p in q]
        acc.f(idx, [uv_paint(p) for p in q] if acc is B else [(0.5, 0.5)] * 4, True)
for acc in (B, G):
    for f in range(len(acc.F)):
        pts = [Vector(acc.V[i]) for i in acc.F[f]]
        mid = sum(pts, Vector()) / 4
        nrm = (pts[1] - pts[0]).cross(pts[3] - pts[0])
        yb_, _, top_, _ = prof(min(max(mid.z, -2.2), 2.2))
        if nrm.dot(mid - Vector((0, (yb_ + top_) / 2, mid.z))) < 0:
            acc.F[f] = tuple(reversed(acc.F[f]))
            acc.UV[f] = list(reversed(acc.UV[f]))
# caps (front and rear faces)
for z, sgn in ((zs[0], -1), (zs[-1], 1)):
    r = ring(z)
    idx = [B.v(p) for p in r]
    cap = idx if common._cap_dir(B, idx, (0, 0, sgn)) > 0 else list(reversed(idx))
    B.f(cap, [uv_paint(B.V[i]) for i in cap])

# rear window (glass on the tailgate), slightly proud of the rear face
yb, belt, top, sc = prof(2.2)
quad(G, (-0.7, 1.1, 2.203), (0.7, 1.1, 2.203), (0.64, 1.74, 2.203), (-0.64, 1.74, 2.203), uv=[(0.5, 0.5)] * 4)
# dark under-tray to hide the open underside
with P.const(texlib.swatch_uv(UNDER)):
    box(P, (0, 0.3, 0), (1.7, 0.04, 4.2), skip=("-y",))
    for wz in WHEELS:                                   # arch liners (upper half rings, both sides)
        for sx in (-1, 1):
            arcs = [[(sx * x, WR - 0.02 + AR * math.sin(t), wz + AR * math.cos(t))
                     for t in (math.pi * i / 12 for i in range(13))] for x in (0.6, 0.895)]
            loft(P, arcs, close=False, smooth=True)
            loft(P, list(reversed(arcs)), close=False, smooth=True)

# wheels: tyre, rim, hub
for wz in WHEELS:
    for sx in (-1, 1):
        with P.const(texlib.swatch_uv(RUBBER)):
            cylinder(P, (sx * 0.66, WR, wz), (sx * 0.86, WR, wz), WR - 0.02, n=20, cap0=False, cap1=False)
            cylinder(P, (sx * 0.68, WR, wz), (sx * 0.88, WR, wz), WR, n=20, cap0=False, cap1=False)
            cylinder(P, (sx * 0.862, WR, wz), (sx * 0.884, WR, wz), WR - 0.005, WR - 0.11, n=20, cap0=False, cap1=False)
        with P.const(texlib.swatch_uv(RIM)):
            cylinder(P, (sx * 0.86, WR, wz), (sx * 0.872, WR, wz), WR - 0.11, WR - 0.13, n=16, cap0=False)
        with P.const(texlib.swatch_uv(CHROME)):
            cylinder(P, (sx * 0.868, WR, wz), (sx * 0.885, WR, wz), 0.06, 0.045, n=10, cap0=False)

# bumpers, grille, lights, plates, mirrors, handles, stripe, antenna
with P.const(texlib.swatch_uv(TRIM)):
    rounded_box(P, (0, 0.42, -2.2), (1.78, 0.22, 0.14), 0.05)
    rounded_box(P, (0, 0.42, 2.22), (1.76, 0.2, 0.12), 0.05)
    for sx in (-1, 1):                                   # mirrors
        box(P, (sx * 0.95, 1.12, -1.5), (0.14, 0.05, 0.05))
        rounded_box(P, (sx * 1.03, 1.17, -1.5), (0.05, 0.16, 0.22), 0.02)
        box(P, (sx * 0.905, 0.9, -0.95), (0.02, 0.03, 0.14))      # door handles
        box(P, (sx * 0.905, 0.9, 0.0), (0.02, 0.03, 0.14))
    for z in (-1.5, -0.44, 0.91):                        # door seams
        for sx in (-1, 1):
            box(P, (sx * 0.902, 0.66, z), (0.006, 0.7, 0.012))
    box(P, (0, 0.96, 2.205), (1.2, 0.03, 0.01))
with P.const(texlib.swatch_uv(UNDER)):
    box(P, (0, 0.66, -2.19), (0.9, 0.16, 0.04))         # grille
with P.const(texlib.swatch_uv(CHROME)):
    for k in range(3):
        box(P, (0, 0.61 + 0.05 * k, -2.213), (0.86, 0.012, 0.01))
with P.const(texlib.swatch_uv(UNDER)):
    for sx in (-1, 1):
        box(P, (sx * 0.64, 0.72, -2.17), (0.36, 0.15, 0.06))
with P.const(texlib.swatch_uv(LENS)):
    for sx in (-1, 1):
        rounded_box(P, (sx * 0.64, 0.72, -2.19), (0.32, 0.12, 0.04), 0.015)
with P.const(texlib.swatch_uv(AMBER)):
    for sx in (-1, 1):
        box(P, (sx * 0.84, 0.72, -2.13), (0.06, 0.1, 0.05))
        box(P, (sx * 0.905, 0.92, -1.7), (0.012, 0.03, 0.07))
with P.const(texlib.swatch_uv(RED)):
    for sx in (-1, 1):
        rounded_box(P, (sx * 0.8, 1.1, 2.19), (0.12, 0.42, 0.05), 0.015)
with P.const(texlib.swatch_uv(PLATE)):
    box(P, (0, 0.42, -2.28), (0.52, 0.12, 0.01))
    box(P, (0, 0.72, 2.212), (0.52, 0.12, 0.01))
with P.const(texlib.swatch_uv(BLUE)):                   # the organisation's stripe, no lettering
    for sx in (-1, 1):
        box(P, (sx * 0.903, 0.78, 0.2), (0.006, 0.09, 3.4))
    box(P, (0, 1.905, 0.6), (0.5, 0.01, 0.5))            # roof marking seen from above
with P.const(texlib.swatch_uv(RUBBER)):
    cylinder(P, (0.4, 1.9, 1.4), (0.4, 2.55, 1.45), 0.006, 0.003, n=4)   # radio antenna
    cylinder(P, (0.4, 1.9, 1.4), (0.4, 1.93, 1.4), 0.03, n=8)
    for sx in (-1, 1):                                   # wipers
        box(P, (sx * 0.3, 1.13, -1.52), (0.55, 0.015, 0.02), yaw=0, roll=sx * 8)

VIEWS = [("van_front_left.png", (-3.2, 1.6, -4.2), (0, 0.9, 0)),
         ("van_rear_right.png", (3.4, 1.7, 4.5), (0, 0.9, 0)),
         ("van_side.png", (-5.5, 1.6, 0.3), (0, 0.9, 0)),
         ("van_front_close.png", (-1.2, 1.2, -3.6), (0, 0.7, -1.8))]
finish(S, OUT, VIEWS)
