"""assets/models/office_set.glb — the research team's field office, a rented flat room:
8 x 8 m, walls 3 m, two window openings in the north wall (around x = -2), the door in the
south wall (x = 2.6), the briefing table with the kit, shelves with binders, a filing
cabinet, a desk with a laptop, plastic chairs, kettle and tea glasses, radios charging, and
the hand-drawn map of Al-Hadiqa on the north wall.

Run: blender -b --factory-startup --python-exit-code 1 -P tools/blender/office.py [-- --preview]"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import *  # noqa: E402,F401,F403

OUT = os.path.join(MODELS, "office_set.glb")
S = Set("office")


# ---------------------------------------------------------------- the map picture
MAP_W, MAP_H = 1024, 658             # the board is 1.4 x 0.9 m
MX0, MX1, MZ0 = -23.0, 23.0, -21.0   # world window drawn (x range; z from MZ0 down the picture)
PXM = MAP_W / (MX1 - MX0)


def mp(x, z):
    """Street (app) coordinates -> map pixel (north up)."""
    return ((x - MX0) * PXM, (z - MZ0) * PXM)


def draw_map():
    r = np.random.default_rng(5)
    cv = Canvas(MAP_W, MAP_H)
    cv.img = paper(MAP_W, MAP_H, 7, "#f1ead6")
    ink, pencil, red, blue = "#1f2c55", "#6f6a60", "#b3261e", "#1f5fbf"
    # blocks: every building of the street set, pencil hatched, ink outline
    blocks = [(-13, -7, -1, 5), (-13, -7, 7, 15), (7, 13, -19, -13), (7, 13, -9, -2.4), (7, 13, 0, 8), (7, 13, 10, 18),
              (-13, -6, -21, -17.2), (-6, 7, -24, -20), (-21, -14, -10, -1.5), (-21, -14, -20, -11), (-21, -14, 0, 18),
              (14, 21, -21, -9), (14, 21, -7, 9), (-13, -6, 16.5, 20), (14, 21, 11, 22), (7, 13, 19, 24)]
    hatch_tex = np.zeros((MAP_H, MAP_W), np.float32)
    y, x = np.mgrid[0:MAP_H, 0:MAP_W].astype(np.float32)
    hatch_tex[:] = (np.sin((x + y) * 0.55) > 0.55).astype(np.float32) * 0.9
    for (x0, x1, z0, z1) in blocks:
        a, b = mp(x0, z0), mp(x1, z1)
        cv.rect(a[0], a[1], b[0], b[1], "#dcd6c6", 0.8)
        cv.rect(a[0], a[1], b[0], b[1], pencil, 0.55, texture=hatch_tex)
        cv.line(wobble([a, (b[0], a[1]), b, (a[0], b[1]), a], r, 1.0, 8), 3.2, ink, 0.9)
    # the school: a bold square, crossed out roof (no roof left)
    a, b = mp(-12.5, -16), mp(-4.5, -10)
    cv.rect(a[0], a[1], b[0], b[1], "#f4d9a0", 0.8)
    for k in range(2):
        cv.line(wobble([(a[0] - 3, a[1] - 3), (b[0] + 3, a[1] - 2), (b[0] + 2, b[1] + 3), (a[0] - 2, b[1] + 2), (a[0] - 3, a[1] - 3)], r, 1.2, 8), 3.2, red, 0.9)
    g = mp(-8.5, -10)
    cv.line([(g[0] - 12, g[1]), (g[0] + 12, g[1])], 5, "#f1ead6", 1.0)          # the gate gap
    # the street: two kerb lines, the side lanes at both ends
    for xk in (-3.0, 5.0):
        cv.line(wobble([mp(xk, -20.5), mp(xk, 8.5)], r, 1.4, 10), 3.6, ink, 0.9)
    cv.line(wobble([mp(-23, -20.5), mp(-3, -20.5)], r, 1.2, 10), 2.0, ink, 0.7)
    cv.line(wobble([mp(5, -20.5), mp(23, -20.5)], r, 1.2, 10), 2.0, ink, 0.7)
    # the crater: a red burst
    c = mp(3, -6)
    cv.disc(c[0], c[1], 15, red, 0.25)
    for k in range(10):
        ang = 2 * math.pi * k / 10 + r.uniform(-0.1, 0.1)
        cv.line([(c[0] + 8 * math.cos(ang), c[1] + 8 * math.sin(ang)), (c[0] + 19 * math.cos(ang), c[1] + 19 * math.sin(ang))], 2.4, red, 0.9)
    cv.line(wobble([(c[0] - 9, c[1] - 9), (c[0] + 9, c[1] + 9)], r, 0.6, 4), 3, red)
    cv.line(wobble([(c[0] - 9, c[1] + 9), (c[0] + 9, c[1] - 9)], r, 0.6, 4), 3, red)
    # the family's door: a small blue mark on house A's west face, circled
    d = mp(7, -15)
    cv.rect(d[0] - 4, d[1] - 8, d[0] + 4, d[1] + 8, blue)
    cv.line(wobble([(d[0] + 15 * math.cos(t), d[1] + 15 * math.sin(t)) for t in np.linspace(0.3, 2 * math.pi + 0.6, 30)], r, 0.8, 4), 2.2, blue, 0.9)
    # the car at the meeting point (south-west of the route)
    cx, cz = mp(-3.0, 7.0)
    car = [(cx - 24, cz + 6), (cx - 24, cz - 4), (cx - 14, cz - 5), (cx - 8, cz - 14), (cx + 12, cz - 14), (cx + 18, cz - 5),
           (cx + 25, cz - 3), (cx + 25, cz + 6)]
    cv.poly(car, "#dfe5ea", 1.0)
    cv.line(wobble(car + [car[0]], r, 0.5, 4), 2.4, ink)
    cv.line([(cx - 6, cz - 12), (cx - 12, cz - 5), (cx + 16, cz - 5), (cx + 11, cz - 12), (cx - 6, cz - 12)], 1.6, ink)
    for wx in (cx - 13, cx + 14):
        cv.disc(wx, cz + 6, 6, ink)
        cv.disc(wx, cz + 6, 2.5, "#dfe5ea")
    # the planned route, dashed red: car -> street -> crater edge -> school gate -> the blue door
    route = [mp(-1.6, 5), mp(0, 2), mp(1.5, -1.5), mp(2.5, -3.4), mp(-2.0, -5.5), mp(-8.5, -7), mp(-5, -8.2), mp(1.5, -9.5),
             mp(4.6, -12.5), mp(5.6, -15)]
    for seg in dashed(wobble(route, r, 1.5, 8), 13, 8):
        cv.line(seg, 4.5, red, 0.95)
    end = np.array(mp(5.6, -15))
    cv.poly([end + (0, -2), end + (-9, 12), end + (7, 10)], red, 0.9)          # arrow head
    for p in (mp(2.5, -3.4), mp(-8.5, -7), mp(5.6, -15), mp(-1.6, 5)):     # numbered stops (no numbers)
        cv.disc(p[0], p[1], 9, red, 0.95)
        cv.disc(p[0], p[1], 4.0, "#f1ead6")
    # north arrow, top right
    na = np.array((MAP_W - 70.0, 120.0))
    cv.poly([na + (0, -40), na + (-14, 10), na + (0, 0), na + (14, 10)], ink, 0.9)
    cv.line(wobble([na + (-9, -62), na + (-9, -82), na + (9, -62), na + (9, -82)], r, 0.4, 3), 2.6, ink)
    # scale bar (10 m), bottom right
    sb = np.array((MAP_W - 300.0, MAP_H - 40.0))
    cv.line([sb, sb + (10 * PXM, 0)], 3, ink)
    for t in (0, 5, 10):
        cv.line([sb + (t * PXM, -7), sb + (t * PXM, 7)], 2, ink)
    # tape at the corners, a coffee ring, fold lines
    for tx, ty in ((18, 14), (MAP_W - 18, 14), (18, MAP_H - 14), (MAP_W - 18, MAP_H - 14)):
        cv.poly([(tx - 26, ty - 10), (tx + 26, ty - 14), (tx + 28, ty + 10), (tx - 24, ty + 14)], "#e9dfb8", 0.75)
    ring = [(140 + 34 * math.cos(t), MAP_H - 120 + 34 * math.sin(t)) for t in np.linspace(0, 2 * math.pi * 0.85, 40)]
    cv.line(ring, 3.0, "#a88b5e", 0.3)
    for fx in (MAP_W / 3, 2 * MAP_W / 3):
        cv.line([(fx, 0), (fx, MAP_H)], 1.4, "#d6ccb2", 0.7)
    cv.line([(0, MAP_H / 2), (MAP_W, MAP_H / 2)], 1.4, "#d6ccb2", 0.7)
    return dict(albedo=cv.rgb())


# ---------------------------------------------------------------- materials
S.mat("floor", "tiles", texlib.tiles, tile=1.6)
S.mat("walls", "paint", texlib.wall_paint, tint="#f1ebdd", tile=2.5, normal=0.4)
S.mat("ceiling", "paint", tint="#fbfaf6", tile=2.5, normal=0.3)
S.mat("corridor", "paint", tint="#b3ab9c", tile=2.5)
S.mat("outside", "paint", tint="#e3d4b8", tile=2.5)
S.mat("wood", "wood", tile=1.0)
S.mat("metal", "metal", texlib.painted_metal, tint="#9da3a6", tile=0.8, paint="#c5c7c4", seed=87, chips=0.3, rust=0.3)
S.mat("map", "map", draw_map, uv="explicit", rough=0.85)
S.mat("glass", "teaglass", texlib.flat, uv="explicit", colour="#e9eef0", alpha=0.3, rough=0.05, double=True)
S.mat("lamp", "lamp", texlib.flat, uv="explicit", colour="#fffaf0", emission=1.0, rough=0.4)
CELLS = [("#f1f0ea", 0.45, 0.0), ("#1c1c1e", 0.4, 0.0), ("#2f3a44", 0.85, 0.0), ("#b23a2c", 0.6, 0.0),
         ("#2e5e9e", 0.5, 0.0), ("#2f6b3a", 0.5, 0.0), ("#c9a227", 0.5, 0.0), ("#7b2d8b", 0.5, 0.0),
         ("#a67c52", 0.9, 0.0), ("#bfc3c6", 0.3, 1.0), ("#1b2633", 0.15, 0.0), ("#e4e0d6", 0.9, 0.0),
         ("#3c3c3c", 0.7, 0.0), ("#46c35a", 0.3, 0.0), ("#d8d2c4", 0.3, 0.0), ("#8a1c1c", 0.7, 0.0),
         ("#4e4a44", 0.8, 0.0), ("#c8b48a", 0.9, 0.0), ("#6a3e1e", 0.35, 0.0), ("#e6e6e6", 0.2, 0.0)]
(WHITE_PL, BLACK, BAG, RED, BLUE, GREEN, YELLOW, PURPLE, CARDBOARD, STEEL, SCREEN, PAPER, DARKGREY, LED,
 MARBLE, DARKRED, STRAP, KRAFT, TEA, LIGHT) = range(len(CELLS))
S.mat("props", "officeprops", texlib.swatches, uv="explicit", cells=CELLS)
P = S["props"]


def sw(i):
    return texlib.swatch_uv(i)


# ---------------------------------------------------------------- room
def room():
    heightfield(S["floor"], -4, 4, -4, 4, 4, 4, lambda x, z: 0.0, smooth=False)
    # walls (inner faces at +-3.9), window openings in the north wall, the door in the south
    wins = [(-2.9, -2.1), (-1.9, -1.1)]
    Facade("x", -3.9, 1).wall(S["walls"], -4.1, 4.1, 0.0, 3.0, 0.2, [(a, b, 1.2, 2.4) for a, b in wins])
    Facade("z", -3.9, 1).wall(S["walls"], -3.9, 3.9, 0.0, 3.0, 0.2)
    Facade("z", 3.9, -1).wall(S["walls"], -3.9, 3.9, 0.0, 3.0, 0.2)
    Facade("x", 3.9, -1).wall(S["walls"], -4.1, 4.1, 0.0, 3.0, 0.2, [(2.1, 3.1, 0.0, 2.1)])
    slab(S["ceiling"], [(-4.1, -4.1), (4.1, -4.1), (4.1, 4.1), (-4.1, 4.1)], 3.15, 0.15)
    # skirting (tile strip), not across the door
    F = Facade("x", -3.9, 1)
    F.box(S["floor"], -3.9, 3.9, 0.0, 0.1, 0.0, 0.012, flush=True)
    Facade("z", -3.9, 1).box(S["floor"], -3.9, 3.9, 0.0, 0.1, 0.0, 0.012, flush=True)
    Facade("z", 3.9, -1).box(S["floor"], -3.9, 3.9, 0.0, 0.1, 0.0, 0.012, flush=True)
    Fs = Facade("x", 3.9, -1)
    Fs.box(S["floor"], -3.9, 2.0, 0.0, 0.1, 0.0, 0.012, flush=True)
    Fs.box(S["floor"], 3.2, 3.9, 0.0, 0.1, 0.0, 0.012, flush=True)
    # windows: marble sills, painted steel frames, casements open inward, a grille outside
    for a0, a1 in wins:
        with P.const(sw(MARBLE)):
            F.box(P, a0 - 0.05, a1 + 0.05, 1.17, 1.2, -0.2, 0.06)
        fr = S["metal"]
        for (b0, b1, y0, y1) in ((a0, a0 + 0.04, 1.2, 2.4), (a1 - 0.04, a1, 1.2, 2.4), (a0, a1, 2.36, 2.4), (a0, a1, 1.2, 1.24)):
            F.box(fr, b0, b1, y0, y1, -0.12, -0.07, flush=True)
        # two casement leaves (frames only, glass removed) swung into the room
        hw = (a1 - a0 - 0.08) / 2
        for side, hinge in ((-1, a0 + 0.04), (1, a1 - 0.04)):
            ang = math.radians(70 + 10 * side)
            ex = hinge - side * hw * math.cos(ang)
            ez = -3.9 + 0.07 + hw * math.sin(ang)
            for y0, y1 in ((1.25, 1.29), (2.31, 2.35)):
                beam_xz(fr, (hinge, -3.9 + 0.07), (ex, ez), y0, y1, 0.03)
            for px, pz in ((hinge, -3.9 + 0.07), (ex, ez)):
                box(fr, (px, 1.8, pz), (0.035, 1.1, 0.035))
        # grille outside, bars and two rails
        Fo = Facade("x", -4.1, -1)
        for k in range(7):
            a = a0 + 0.06 + (a1 - a0 - 0.12) * k / 6
            Fo.box(S["metal"], a - 0.008, a + 0.008, 1.15, 2.45, 0.02, 0.036)
        for y in (1.17, 1.8, 2.43):
            Fo.box(S["metal"], a0 - 0.04, a1 + 0.04, y - 0.012, y + 0.012, 0.036, 0.05)
    # door: wooden frame, the leaf open outward along the corridor wall, a corridor beyond
    Fd = Facade("x", 3.9, -1)
    w = S["wood"]
    Fd.box(w, 2.05, 2.1, 0.0, 2.15, -0.2, 0.02)
    Fd.box(w, 3.1, 3.15, 0.0, 2.15, -0.2, 0.02)
    Fd.box(w, 2.05, 3.15, 2.1, 2.15, -0.2, 0.02)
    box(w, (3.12, 1.02, 4.62), (0.04, 2.04, 0.9))                     # leaf, opened against the corridor
    with P.const(sw(STEEL)):
        box(P, (3.09, 1.0, 4.98), (0.03, 0.03, 0.12))
    heightfield(S["floor"], 1.4, 4.1, 4.1, 6.2, 2, 2, lambda x, z: 0.0, smooth=False)
    inner_box(S["corridor"], (1.4, 0.0, 4.1), (4.1, 2.8, 6.2), skip=("-y", "-z"))
    # outside the windows: rooftops of the lower houses across the lane (below the sill line)
    o = S["outside"]
    for (x0, x1, z0, z1, top) in ((-9, -1.5, -14, -8, -0.6), (-1.5, 4, -15, -9, 0.3), (-16, -9, -18, -10, -2.0),
                                  (4, 11, -13, -8, -1.2), (-6, 2, -24, -17, 1.8), (2, 10, -26, -18, 0.9)):
        box_between(o, (x0, -8, z0), (x1, top, z1), skip=("-y",))
        box_between(o, (x0, top, z0), (x1, top + 0.7, z0 + 0.2))
        with P.const(sw(DARKGREY)):
            water = ((x0 + 1.0, top, z0 + 1.2), (x1 - 1.2, top, z1 - 1.5))
            for (tx, ty, tz) in water:
                cylinder(P, (tx, ty, tz), (tx, ty + 1.0, tz), 0.45, n=12)


def beam_xz(acc, p0, p1, y0, y1, w):
    """A horizontal bar from (x0, z0) to (x1, z1) between heights y0..y1."""
    dx, dz = p1[0] - p0[0], p1[1] - p0[1]
    L = math.hypot(dx, dz)
    yaw = math.degrees(math.atan2(dx, dz))
    box(acc, ((p0[0] + p1[0]) / 2, (y0 + y1) / 2, (p0[1] + p1[1]) / 2), (w, y1 - y0, L), yaw=yaw)


# ---------------------------------------------------------------- furniture
def table(c, w, d, h, top_acc, leg_acc, top_t=0.035, yaw=0):
    M = mat(c, yaw)
    box(top_acc, (0, h - top_t / 2, 0), (w, top_t, d), M=M, bevel=0.006)
    box(leg_acc, (0, h - top_t - 0.04, d / 2 - 0.06), (w - 0.14, 0.07, 0.02), M=M)
    box(leg_acc, (0, h - top_t - 0.04, -d / 2 + 0.06), (w - 0.14, 0.07, 0.02), M=M)
    for sx in (-1, 1):
        for sz in (-1, 1):
            box(leg_acc, (sx * (w / 2 - 0.06), (h - top_t) / 2, sz * (d / 2 - 0.06)), (0.035, h - top_t, 0.035), M=M)


def plastic_chair(x, z, yaw):
    """A white monobloc chair facing +z before yaw."""
    M = mat((x, 0, z), yaw)
    with P.const(sw(WHITE_PL)):
        rounded_box(P, (0, 0.44, 0.02), (0.46, 0.04, 0.44), 0.018, M=M)
        box(P, (0, 0.7, -0.22), (0.44, 0.5, 0.035), pitch=-10, M=M, bevel=0.015)
        for k in range(3):
            box(P, (0, 0.6 + 0.12 * k, -0.245), (0.36, 0.03, 0.02), pitch=-10, M=M)
        for sx in (-1, 1):
            for sz in (-1, 1):
                cylinder(P, M @ Vector((sx * 0.2, 0.43, sz * 0.19)), M @ Vector((sx * 0.25, 0.0, sz * 0.24)), 0.024, 0.018, n=8)
            box(P, (sx * 0.24, 0.6, -0.02), (0.03, 0.03, 0.38), M=M, bevel=0.01)          # arm rests
            cylinder(P, M @ Vector((sx * 0.24, 0.6, 0.14)), M @ Vector((sx * 0.22, 0.44, 0.16)), 0.016, n=6)


def kit():
    """THE KIT on the briefing table (table top at y = 0.62): camera bag, camera, voice
    recorder, red notebook, a pen."""
    y = 0.62
    with P.const(sw(BAG)):
        rounded_box(P, (-0.25, y + 0.1, -1.5), (0.34, 0.2, 0.22), 0.035, yaw=8)
        rounded_box(P, (-0.25, y + 0.17, -1.41), (0.33, 0.08, 0.06), 0.02, yaw=8)       # flap edge
    with P.const(sw(STRAP)):
        M = mat((-0.25, y, -1.5), 8)
        strap = [M @ Vector((-0.17, 0.14, 0)), M @ Vector((-0.12, 0.3, 0)), M @ Vector((0.0, 0.34, 0.0)),
                 M @ Vector((0.12, 0.3, 0)), M @ Vector((0.17, 0.14, 0))]
        tube(P, strap, 0.008, n=4)
        box(P, (0, 0.1, 0.112), (0.04, 0.12, 0.004), M=M)
    with P.const(sw(STEEL)):
        box(P, (0, 0.13, 0.115), (0.03, 0.02, 0.006), M=M)
    # camera: body, grip, lens toward the visitor (+z), a dial
    M = mat((0.12, y, -1.45), -15)
    with P.const(sw(BLACK)):
        rounded_box(P, (0, 0.045, 0), (0.135, 0.09, 0.07), 0.012, M=M)
        rounded_box(P, (0.055, 0.045, 0.02), (0.03, 0.085, 0.05), 0.01, M=M)
        cylinder(P, M @ Vector((-0.01, 0.042, 0.035)), M @ Vector((-0.01, 0.042, 0.11)), 0.034, n=14)
        cylinder(P, M @ Vector((0.04, 0.09, -0.01)), M @ Vector((0.04, 0.1, -0.01)), 0.012, n=10)
        box(P, (-0.02, 0.1, -0.01), (0.05, 0.02, 0.04), M=M)
    with P.const(sw(SCREEN)):
        cylinder(P, M @ Vector((-0.01, 0.042, 0.11)), M @ Vector((-0.01, 0.042, 0.112)), 0.028, n=14)
    with P.const(sw(RED)):
        cylinder(P, M @ Vector((-0.01, 0.042, 0.085)), M @ Vector((-0.01, 0.042, 0.088)), 0.0345, n=14, cap0=False, cap1=False)
    # voice recorder: lying flat
    M = mat((0.27, y, -1.3), 20)
    with P.const(sw(DARKGREY)):
        rounded_box(P, (0, 0.009, 0), (0.045, 0.018, 0.115), 0.006, M=M)
    with P.const(sw(STEEL)):
        box(P, (0, 0.0185, -0.035), (0.03, 0.002, 0.03), M=M)
    with P.const(sw(SCREEN)):
        box(P, (0, 0.0185, 0.01), (0.03, 0.002, 0.025), M=M)
    with P.const(sw(LED)):
        box(P, (0.015, 0.0185, 0.045), (0.006, 0.002, 0.006), M=M)
    # red notebook with elastic band, and a pen
    M = mat((0.36, y, -1.6), 12)
    with P.const(sw(RED)):
        rounded_box(P, (0, 0.009, 0), (0.15, 0.018, 0.21), 0.004, M=M)
    with P.const(sw(PAPER)):
        box(P, (0.004, 0.009, 0), (0.146, 0.012, 0.204), M=M)
    with P.const(sw(BLACK)):
        box(P, (0.055, 0.009, 0), (0.008, 0.0195, 0.212), M=M)
        cylinder(P, M @ Vector((-0.1, 0.006, -0.08)), M @ Vector((-0.1, 0.006, 0.07)), 0.0045, n=6)


def shelves():
    """Steel shelving on the east wall, binders and archive boxes."""
    m = S["metal"]
    x0, x1, z0, z1 = 3.5, 3.88, -3.7, -1.9
    for x in (x0 + 0.02, x1 - 0.02):
        for z in (z0 + 0.02, z1 - 0.02):
            box(m, (x, 1.0, z), (0.035, 2.0, 0.035))
    r = np.random.default_rng(12)
    cols = [RED, BLUE, GREEN, YELLOW, PURPLE, BLACK, BLUE, BLUE, GREEN]
    for k, y in enumerate((0.08, 0.5, 0.92, 1.34, 1.76, 1.98)):
        box(m, ((x0 + x1) / 2, y, (z0 + z1) / 2), (x1 - x0, 0.025, z1 - z0))
        if y > 1.9:
            continue
        z = z0 + 0.05
        while z < z1 - 0.1:
            kind = r.random()
            if kind < 0.6:                                                   # a run of binders
                n = int(r.integers(3, 9))
                c = cols[int(r.integers(len(cols)))]
                for i in range(n):
                    if z > z1 - 0.1:
                        break
                    hgt = 0.31
                    with P.const(sw(c)):
                        box(P, (x0 + 0.16, y + 0.0125 + hgt / 2, z + 0.035), (0.27, hgt, 0.065))
                    with P.const(sw(PAPER)):
                        box(P, (x0 + 0.025, y + 0.0125 + 0.2, z + 0.035), (0.004, 0.05, 0.035))
                    z += 0.07
            elif kind < 0.85:                                                # an archive box
                with P.const(sw(CARDBOARD)):
                    box(P, (x0 + 0.19, y + 0.0125 + 0.13, z + 0.17), (0.34, 0.26, 0.32), bevel=0.004)
                z += 0.35
            else:                                                            # a stack of papers
                with P.const(sw(PAPER)):
                    for i in range(int(r.integers(2, 5))):
                        box(P, (x0 + 0.17, y + 0.03 + 0.03 * i, z + 0.16), (0.3, 0.03, 0.22), yaw=r.normal(0, 4))
                z += 0.3
            z += 0.02


def filing_cabinet(x, z):
    m = S["metal"]
    box(m, (x, 0.66, z), (0.62, 1.32, 0.47), bevel=0.01)
    F = Facade("z", x - 0.31, -1)
    for k in range(4):
        y0 = 0.04 + k * 0.32
        F.box(m, z - 0.215, z + 0.215, y0, y0 + 0.3, 0.0, 0.012, bevel=0.004, flush=True)
        with P.const(sw(STEEL)):
            F.box(P, z - 0.07, z + 0.07, y0 + 0.2, y0 + 0.225, 0.012, 0.035, flush=True)
        with P.const(sw(PAPER)):
            F.box(P, z - 0.04, z + 0.04, y0 + 0.24, y0 + 0.27, 0.012, 0.016, flush=True)
    with P.const(sw(KRAFT)):
        box(P, (x, 1.37, z - 0.05), (0.3, 0.1, 0.24), yaw=8)


def desk_area():
    table((-3.5, 0, 1.4), 0.7, 1.4, 0.75, S["wood"], S["metal"], yaw=0)
    # laptop: base and open screen facing the room (+x)
    M = mat((-3.5, 0.75, 1.35), 90)
    with P.const(sw(DARKGREY)):
        box(P, (0, 0.009, 0), (0.34, 0.018, 0.24), M=M)
        box(P, (0, 0.12, -0.13), (0.34, 0.23, 0.012), pitch=-12, M=M)
    with P.const(sw(SCREEN)):
        box(P, (0, 0.125, -0.123), (0.31, 0.19, 0.002), pitch=-12, M=M)
    with P.const(sw(BLACK)):
        box(P, (0, 0.0185, 0.03), (0.3, 0.001, 0.1), M=M)
    with P.const(sw(PAPER)):
        for i in range(4):
            box(P, (-3.45, 0.757 + 0.004 * i, 1.85), (0.21, 0.004, 0.3), yaw=8 * i - 10)
    with P.const(sw(WHITE_PL)):
        cylinder(P, (-3.65, 0.75, 0.92), (-3.65, 0.85, 0.92), 0.04, n=10)                  # mug
    with P.const(sw(BLACK)):
        tube(P, [(-3.6, 0.76, 1.22), (-3.82, 0.76, 1.1), (-3.88, 0.5, 1.0), (-3.88, 0.3, 1.0)], 0.004, n=4)
    plastic_chair(-2.85, 1.4, -90)


def tea_corner():
    table((-3.55, 0, -3.25), 0.6, 0.45, 0.72, S["wood"], S["metal"], yaw=90)
    y = 0.72
    with P.const(sw(STEEL)):                                               # tray
        cylinder(P, (-3.55, y, -3.2), (-3.55, y + 0.012, -3.2), 0.19, n=20)
    with P.const(sw(WHITE_PL)):                                            # electric kettle
        cylinder(P, (-3.55, y, -3.47), (-3.55, y + 0.02, -3.47), 0.085, n=14)
        cylinder(P, (-3.55, y + 0.02, -3.47), (-3.55, y + 0.24, -3.47), 0.075, 0.06, n=14)
        tube(P, [(-3.55, y + 0.06, -3.55), (-3.55, y + 0.12, -3.6), (-3.55, y + 0.22, -3.57), (-3.55, y + 0.24, -3.53)], 0.012, n=6)
        cylinder(P, (-3.55, y + 0.2, -3.41), (-3.55, y + 0.22, -3.36), 0.015, n=6)
    with P.const(sw(KRAFT)):
        cylinder(P, (-3.72, y, -3.05), (-3.72, y + 0.12, -3.05), 0.045, n=10)              # sugar tin
    for k in range(4):
        a = k * math.pi / 2 + 0.4
        gx, gz = -3.55 + 0.1 * math.cos(a), -3.2 + 0.1 * math.sin(a)
        tea_glass(S["glass"], P, sw(TEA), gx, y + 0.012, gz)


def radios():
    """The charging station: a low cabinet on the south wall with a power strip, four radios
    in their chargers and a satellite phone."""
    table((-2.3, 0, 3.65), 1.3, 0.45, 0.78, S["wood"], S["metal"])
    y = 0.78
    with P.const(sw(WHITE_PL)):
        box(P, (-2.3, y + 0.02, 3.8), (0.5, 0.04, 0.06))
    for k in range(4):
        x = -2.75 + 0.2 * k
        with P.const(sw(DARKGREY)):
            box(P, (x, y + 0.03, 3.62), (0.09, 0.06, 0.1), bevel=0.006)
        with P.const(sw(BLACK)):
            rounded_box(P, (x, y + 0.15, 3.62), (0.06, 0.2, 0.038), 0.008)
            cylinder(P, (x + 0.015, y + 0.25, 3.62), (x + 0.015, y + 0.42, 3.62), 0.008, 0.005, n=6)
        with P.const(sw(LED)):
            box(P, (x + 0.03, y + 0.05, 3.565), (0.01, 0.008, 0.004))
        with P.const(sw(BLACK)):
            tube(P, [(x, y + 0.03, 3.68), (x, y + 0.02, 3.76), (-2.3 + 0.1 * (k - 1.5), y + 0.03, 3.79)], 0.003, n=4)
    with P.const(sw(DARKGREY)):
        rounded_box(P, (-1.85, y + 0.02, 3.6), (0.07, 0.035, 0.18), 0.008, yaw=20)
        cylinder(P, (-1.83, y + 0.035, 3.53), (-1.83, y + 0.035, 3.42), 0.012, n=6)
    with P.const(sw(BLACK)):
        tube(P, [(-2.3, y + 0.02, 3.83), (-2.3, 0.5, 3.86), (-2.2, 0.3, 3.87)], 0.005, n=4)


def water_cooler(x, z):
    with P.const(sw(WHITE_PL)):
        box(P, (x, 0.5, z), (0.32, 1.0, 0.32), bevel=0.02)
    with P.const(sw(BLUE)):
        cylinder(P, (x, 1.0, z), (x, 1.45, z), 0.14, 0.13, n=14)
        cylinder(P, (x, 1.45, z), (x, 1.5, z), 0.06, 0.04, n=10)
    with P.const(sw(DARKGREY)):
        box(P, (x - 0.17, 0.78, z), (0.03, 0.06, 0.12))


def walls_details():
    # wall clock near the door
    with P.const(sw(WHITE_PL)):
        cylinder(P, (1.0, 2.35, 3.9), (1.0, 2.35, 3.87), 0.15, n=20)
    with P.const(sw(BLACK)):
        cylinder(P, (1.0, 2.35, 3.87), (1.0, 2.35, 3.865), 0.155, n=20, cap1=False)
        box(P, (1.0, 2.38, 3.862), (0.008, 0.08, 0.003))
        box(P, (1.04, 2.35, 3.862), (0.08, 0.008, 0.003), roll=-20)
    # a wall calendar-like sheet (blank grid) and a notice board by the desk
    with P.const(sw(PAPER)):
        Facade("z", -3.9, 1).box(P, 0.3, 0.75, 1.45, 2.05, 0.0, 0.004, flush=True)
    with P.const(sw(KRAFT)):
        Facade("z", -3.9, 1).box(P, 1.0, 2.0, 1.2, 1.9, 0.0, 0.015, flush=True)
    with P.const(sw(PAPER)):
        r = np.random.default_rng(3)
        for k in range(6):
            a, y = 1.1 + r.uniform(0, 0.65), 1.3 + r.uniform(0, 0.4)
            Facade("z", -3.9, 1).box(P, a, a + 0.21, y, y + 0.27, 0.015, 0.017, flush=True)
    # map board frame (the map face is the picture below)
    F = Facade("x", -3.9, 1)
    with P.const(sw(DARKGREY)):
        for (b0, b1, y0, y1) in ((1.27, 2.73, 1.12, 1.15), (1.27, 2.73, 2.05, 2.08), (1.27, 1.3, 1.12, 2.08), (2.7, 2.73, 1.12, 2.08)):
            F.box(P, b0, b1, y0, y1, 0.0, 0.03, flush=True)
    with P.const(sw(KRAFT)):
        F.box(P, 1.3, 2.7, 1.15, 2.05, 0.0, 0.018, flush=True)
    picture(S["map"], (2.0, 1.6, -3.9 + 0.021), 1.4, 0.9)
    # pins on the map: red at the school and the crater, blue at the door, white at the car
    for (x, z, c) in ((-8.5, -13, RED), (3, -6, RED), (7, -15, BLUE), (-3, 7, WHITE_PL)):
        px, py = mp(x, z)
        ax = 1.3 + 1.4 * px / MAP_W
        ay = 2.05 - 0.9 * py / MAP_H
        with P.const(sw(c)):
            cylinder(P, (ax + 0.012, ay + 0.012, -3.879), (ax + 0.012, ay + 0.012, -3.86), 0.009, n=8)
        with P.const(sw(STEEL)):
            cylinder(P, (ax + 0.012, ay + 0.012, -3.86), (ax + 0.012, ay + 0.012, -3.855), 0.004, n=6)
    # ceiling lamp over the table (a fluorescent fitting)
    with P.const(sw(WHITE_PL)):
        box(P, (0, 2.965, -1.2), (1.25, 0.06, 0.16), bevel=0.01)
    cylinder(S["lamp"], (-0.58, 2.925, -1.2), (0.58, 2.925, -1.2), 0.016, n=8, uvfun=lambda p: (0.5, 0.5))
    # a power socket strip and cable along the skirting
    with P.const(sw(WHITE_PL)):
        for a in (-3.0, 0.5, 3.3):
            Facade("x", -3.9, 1).box(P, a, a + 0.08, 0.3, 0.38, 0.0, 0.015, flush=True)


def build():
    room()
    table((0, 0, -1.5), 1.6, 0.9, 0.62, S["wood"], S["metal"])
    kit()
    plastic_chair(1.35, -1.05, -90)
    plastic_chair(0.45, -2.45, 0)
    shelves()
    filing_cabinet(3.57, -1.25)
    desk_area()
    tea_corner()
    radios()
    water_cooler(3.68, 0.6)
    walls_details()


build()
VIEWS = [("office_north.png", (0, 1.6, 0), (0, 1.3, -4)),
         ("office_west.png", (0, 1.6, 0), (-4, 1.1, 1.0)),
         ("office_east.png", (0, 1.6, 0), (4, 1.2, -1.5)),
         ("office_kit.png", (0, 1.3, -0.6), (0.05, 0.62, -1.5)),
         ("office_map.png", (1.2, 1.6, -1.6), (2, 1.6, -3.9)),
         ("office_door.png", (0.5, 1.6, -2.0), (2.6, 1.2, 4.0))]
finish(S, OUT, VIEWS, checks=dict(spots=[(0, 0), (2.6, 2.4)], radius=1.0, ignore=("floor",)),
       sun=(-0.3, 0.6, -0.75), sun_strength=3.0, sky_strength=0.7,
       lights=[((0, 2.6, -1.2), 250, (1.0, 0.89, 0.72))])
