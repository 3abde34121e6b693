"""assets/models/street_set.glb — Al-Hadiqa street a few months after the shelling: dusty
asphalt road (x -3..5), sidewalks and kerbs, the roofless school with its empty gate, the
crater, the family's house with the blue door and the half-broken lemon tree, Abu Fadi's
house, the collapsed corner of house C, the closed shop, background houses, poles and wires.

App coordinates throughout (see common.py). Run: tools/make_models.sh, or
blender -b --factory-startup --python-exit-code 1 -P tools/blender/street.py [-- --preview]"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *  # noqa: E402,F401,F403

OUT = os.path.join(MODELS, "street_set.glb")
S = Set("street")
T = 0.25                      # house wall thickness

# ---------------------------------------------------------------- materials
S.mat("asphalt", "asphalt", texlib.asphalt, tile=4.0, use_mr=False, rough=0.92)
S.mat("chunks", "asphalt", tint="#8c8a86", tile=1.0, use_mr=False, rough=0.9)
S.mat("soil", "ground", tint="#9c8f7f", tile=3.0)
S.mat("scorch", "scorch", texlib.scorch, uv="explicit", blend=True, rough=0.95)
S.mat("ground", "ground", tile=4.0)
S.mat("dust", "rubble", texlib.rubble, tint="#e3dccd", tile=0.8, use_mr=False, rough=0.95)
S.mat("pavers", "concrete", tint="#e6e0d2", tile=1.6)
S.mat("concrete", "concrete", tile=1.6)
S.mat("pl_a", "plaster", tint="#faf3e6", tile=2.5)     # the family's house, cream
S.mat("pl_b", "plaster", tint="#f1e0c6", tile=2.5)     # Abu Fadi's, beige
S.mat("pl_c", "plaster", tint="#f5e3d9", tile=2.5)     # house C, pale pink
S.mat("pl_d", "plaster", tint="#e6e1d6", tile=2.5)     # the shop, grey-beige
S.mat("pl_e", "plaster", tint="#efe0c8", tile=2.5)     # background houses
S.mat("pl_f", "plaster", tint="#dfd9ce", tile=2.5)
S.mat("school", "plaster", tint="#fdfaf4", tile=2.5)
S.mat("band", "plaster", tint="#a3bfae", tile=2.5)     # the school's painted lower band
S.mat("interior", "plaster", tint="#6a655c", tile=2.5)  # rooms seen through openings
S.mat("rubble", "rubble", texlib.rubble, tile=1.0, use_mr=False, rough=0.95)
S.mat("m_dark", "metal", texlib.painted_metal, tint="#57575a", tile=1.0, paint="#b7b7b0", seed=83)
S.mat("m_green", "metal", tint="#8fa08a", tile=1.0)
S.mat("bluedoor", "bluemetal", texlib.painted_metal, tile=1.2, paint="#2f6fa8", seed=85)
S.mat("plastic", "plastic", texlib.plastic_sheet, tile=1.5, blend=True, double=True)
S.mat("bark", "bark", texlib.bark, tile=0.6)
S.mat("leaf", "leafcards", texlib.leaf_cards, uv="explicit", clip=True, double=True, use_mr=False, rough=0.5)
S.mat("sign", "sign", texlib.sign_board, uv="explicit")
CELLS = [("#1b1b1b", 0.6, 0.0), ("#e8c43a", 0.5, 0.0), ("#2b2b2b", 0.45, 0.0), ("#3f6fa3", 0.5, 0.0),
         ("#e9e6dc", 0.6, 0.0), ("#8c8f91", 0.4, 0.8), ("#6b3f22", 0.85, 0.2), ("#d2bd95", 0.9, 0.0),
         ("#a8322d", 0.6, 0.0), ("#2f3f33", 0.7, 0.0), ("#7a7a74", 0.7, 0.0), ("#d9d4c7", 0.8, 0.0),
         ("#1e262d", 0.12, 0.0), ("#5a4632", 0.8, 0.0), ("#b8a57f", 0.95, 0.0), ("#f2efe6", 0.5, 0.0),
         ("#3c4a3a", 0.6, 0.3), ("#8a7a5e", 0.9, 0.0)]
(BLACK, LEMON, TANK_BLACK, TANK_BLUE, WHITE_PL, STEEL, RUST, SPLIT_WOOD, RED, BOARD_GREEN, GREY_PL, TAPE,
 DARK_GLASS, BATTEN, DUST, WHITE_PAINT, GEN_GREEN, DRY_LEAF) = range(len(CELLS))
S.mat("props", "props", texlib.swatches, uv="explicit", cells=CELLS)


def sw(i):
    return texlib.swatch_uv(i)


P = S["props"]
R = np.random.default_rng(2024)

SPOTS = [(0, 2), (-8.5, -7), (2.5, -3.4), (5.6, -15), (-1.6, 5)]
KEEP = SPOTS + [(-7.4, -9.2), (6.2, -3.5)]   # + the shoe, Abu Fadi


def walk_clear(x, z, r=0.9):
    """True if (x, z) is away from the spots and the straight walks between them."""
    for p in KEEP:
        if math.hypot(x - p[0], z - p[1]) < max(r, 1.1):
            return False
    for i in range(len(SPOTS)):
        for j in range(i + 1, len(SPOTS)):
            if seg_dist((x, z), SPOTS[i], SPOTS[j]) < r:
                return False
    return True


# ---------------------------------------------------------------- road and crater
SQ = 1 / math.sqrt(2)
CX, CZ = 3.0, -6.0


def crater(x, z):
    """(normalised radius e, along-axis a): the crater is an ellipse 3.1 x 2 m, long axis
    toward the north-east (+x, -z)."""
    a = ((x - CX) - (z - CZ)) * SQ
    b = ((x - CX) + (z - CZ)) * SQ
    ang = math.atan2(b, a)
    wob = 1 + 0.12 * math.sin(3 * ang + 1.0) + 0.07 * math.sin(5 * ang + 2.3) + 0.04 * math.sin(9 * ang)
    return math.hypot(a / 1.55, b / 1.0) / wob, a


def road_h(x, z):
    h = 0.025 * max(0.0, 1 - ((x - 1) / 4) ** 2)          # slight crown
    h += 0.006 * math.sin(x * 2.1 + z * 0.7) * math.sin(z * 1.3)
    e, a = crater(x, z)
    if e < 1.0:
        h -= 0.42 * (1 - e * e) ** 1.1 * (1 - 0.18 * a / 1.55)
        h += 0.025 * math.sin(x * 9) * math.sin(z * 8) * (1 - e)
    h += 0.09 * math.exp(-((e - 1.05) / 0.13) ** 2) * (1 + 0.7 * max(0.0, a) / 1.55)
    return h


def build_road():
    def add_grid(x0, x1, z0, z1, step, hole=None):
        nx, nz = round((x1 - x0) / step), round((z1 - z0) / step)
        ids = {}
        for j in range(nz + 1):
            for i in range(nx + 1):
                ids[i, j] = None
        for j in range(nz):
            for i in range(nx):
                xa, za = x0 + i * step, z0 + j * step
                xc, zc = xa + step / 2, za + step / 2
                if hole and hole[0] < xc < hole[1] and hole[2] < zc < hole[3]:
                    continue
                e, _ = crater(xc, zc)
                acc = S["soil"] if e < 0.93 else S["asphalt"]
                q = []
                for (ii, jj) in ((i, j), (i, j + 1), (i + 1, j + 1), (i + 1, j)):
                    x, z = x0 + ii * step, z0 + jj * step
                    q.append(acc.v((x, road_h(x, z), z)))
                acc.f(q, None, True)
    add_grid(-3, 5, -20, 20, 0.5, hole=(1, 5, -9, -3))
    add_grid(1, 5, -9, -3, 0.125)
    # blast mark: a decal grid following the road, elongated like the crater
    sc = S["scorch"]
    n = 24
    ids = {}
    for j in range(n + 1):
        for i in range(n + 1):
            a, b = (i / n - 0.5) * 7.6, (j / n - 0.5) * 5.4
            x, z = CX + (a + b) * SQ, CZ + (-a + b) * SQ
            x = min(max(x, -2.99), 4.99)
            ids[i, j] = (sc.v((x, road_h(x, z) + 0.012, z)), (i / n, j / n))
    for j in range(n):
        for i in range(n):
            q = [ids[i, j], ids[i + 1, j], ids[i + 1, j + 1], ids[i, j + 1]]
            sc.f([k for k, _ in q], [uv for _, uv in q], True)
    _fix_orientation_up(sc)
    # broken asphalt plates pushed up around the rim, thicker on the north-east side
    r = np.random.default_rng(7)
    for k in range(26):
        ang = r.uniform(0, 2 * math.pi)
        e_target = r.uniform(0.95, 1.15)
        a, b = math.cos(ang) * 1.55 * e_target, math.sin(ang) * 1.0 * e_target
        x, z = CX + (a + b) * SQ, CZ + (-a + b) * SQ
        if math.hypot(x - 2.5, z + 3.4) < 1.0:
            continue
        size = r.uniform(0.18, 0.45) * (1.3 if a > 0 else 1.0)
        tilt = r.uniform(15, 40)
        rock(S["chunks"], r, (x, road_h(x, z) + 0.02, z), (size, 0.07, size * r.uniform(0.6, 1.0)), n=9)
    # debris thrown to the north-east
    for k in range(110):
        d = r.uniform(0.9, 5.5) ** 1.0
        spread = r.normal(0, 0.5)
        a, b = 1.55 + d * 0.7, spread * (0.6 + d * 0.25)
        x, z = CX + (a + b) * SQ, CZ + (-a + b) * SQ
        if x > 6.9 or not walk_clear(x, z, 0.7):
            continue
        s = r.uniform(0.06, 0.3) * (1.5 - d / 6)
        acc = S["rubble"] if k % 3 else S["chunks"]
        rock(acc, r, (x, s * 0.25, z), (s, s * r.uniform(0.4, 0.8), s * r.uniform(0.7, 1.2)))


def _fix_orientation_up(acc):
    """Makes every face of acc point up (+y)."""
    for k, idx in enumerate(acc.F):
        pts = [Vector(acc.V[i]) for i in idx]
        n = (pts[1] - pts[0]).cross(pts[2] - pts[0])
        if n.y < 0:
            acc.F[k] = tuple(reversed(idx))
            if acc.UV[k]:
                acc.UV[k] = list(reversed(acc.UV[k]))


def build_ground():
    g, p, c = S["ground"], S["pavers"], S["concrete"]
    for x0, x1 in ((-20, -4.5), (7, 20)):
        heightfield(g, x0, x1, -20, 20, int((x1 - x0) / 2), 20, lambda x, z: 0.0, smooth=False)
    heightfield(p, -4.5, -3.2, -20, 20, 1, 20, lambda x, z: 0.0, smooth=False)
    heightfield(p, 5.2, 7.0, -20, 20, 1, 20, lambda x, z: 0.0, smooth=False)
    # kerb stones, 1 m long with small gaps, a few missing or askew
    r = np.random.default_rng(3)
    for x in (-3.1, 5.1):
        z = -20.0
        while z < 20:
            L = 1.0
            if r.random() > 0.06:
                box(c, (x + r.normal(0, 0.006), 0.05, z + L / 2), (0.2, 0.14, L - 0.015),
                    yaw=r.normal(0, 0.6), skip=("-y",))
            z += L


def build_dust_piles():
    """Dust and broken bits swept into neat low piles along the kerbs."""
    r = np.random.default_rng(11)
    piles = [(-2.72, -15.5, 3.0), (-2.72, -11.2, 2.2), (-2.72, 10.5, 2.6), (4.72, -18.6, 2.4),
             (4.72, 0.6, 1.8), (4.72, 13.5, 3.0)]
    for x, z, L in piles:
        for k in range(3):
            zc = z + (k - 1) * L * 0.3 + r.uniform(-0.1, 0.1)
            blob(S["dust"], r, (x + r.uniform(-0.05, 0.05), -0.03, zc), (0.45, r.uniform(0.17, 0.24), L * 0.27),
                 subdiv=3, noise=0.2, freq=8.0, cut_below=0.03, smooth=False, yaw=r.uniform(-8, 8))
        for k in range(int(L * 8)):
            zz = z + r.uniform(-L / 2 * 0.85, L / 2 * 0.85)
            s = r.uniform(0.04, 0.13)
            rock(S["rubble"], r, (x + r.normal(0, 0.12), 0.1 * (1 - ((zz - z) / (L / 2)) ** 2) + s * 0.1, zz),
                 (s, s * 0.6, s))


def scatter_rubble(n, region, seed, size=(0.05, 0.25)):
    r = np.random.default_rng(seed)
    x0, x1, z0, z1 = region
    placed = 0
    tries = 0
    while placed < n and tries < n * 20:
        tries += 1
        x, z = r.uniform(x0, x1), r.uniform(z0, z1)
        if not walk_clear(x, z, 0.8):
            continue
        s = r.uniform(*size) * (1 if r.random() > 0.15 else 1.8)
        rock(S["rubble"], r, (x, s * 0.2, z), (s, s * r.uniform(0.4, 0.8), s * r.uniform(0.7, 1.3)))
        placed += 1


# ---------------------------------------------------------------- facade features

def sill(F, a0, a1, y):
    F.box(S["concrete"], a0 - 0.07, a1 + 0.07, y - 0.06, y, -0.02, 0.05)


def frame(F, acc, a0, a1, y0, y1, d0=-0.11, d1=-0.05, w=0.05):
    F.box(acc, a0, a0 + w, y0, y1, d0, d1, flush=True)
    F.box(acc, a1 - w, a1, y0, y1, d0, d1, flush=True)
    F.box(acc, a0 + w, a1 - w, y1 - w, y1, d0, d1, flush=True)
    F.box(acc, a0 + w, a1 - w, y0, y0 + w, d0, d1, flush=True)


def grille(F, a0, a1, y0, y1, step=0.13):
    acc = S["m_dark"]
    n = max(2, int((a1 - a0) / step))
    for i in range(n + 1):
        a = a0 + 0.03 + (a1 - a0 - 0.06) * i / n
        F.box(acc, a - 0.007, a + 0.007, y0 - 0.03, y1 + 0.03, 0.01, 0.024)
    for t in (0.0, 0.5, 1.0):
        y = y0 - 0.02 + (y1 - y0 + 0.04) * t
        F.box(acc, a0 - 0.02, a1 + 0.02, y - 0.012, y + 0.012, 0.024, 0.036)


def louvres(F, acc, a0, a1, y0, y1, d=-0.05):
    """Closed folding metal shutters with horizontal louvres."""
    F.box(acc, a0, a1, y0, y1, d - 0.03, d)
    am = (a0 + a1) / 2
    F.box(S["props"] if False else acc, am - 0.008, am + 0.008, y0, y1, d, d + 0.012)
    y = y0 + 0.06
    while y < y1 - 0.08:
        for b0, b1 in ((a0 + 0.04, am - 0.03), (am + 0.03, a1 - 0.04)):
            F.box(acc, b0, b1, y, y + 0.045, d, d + 0.018, flush=True)
        y += 0.075


def plastic_cover(F, a0, a1, y0, y1, seed, sag=0.03):
    """Plastic sheeting over an opening, held by wooden battens."""
    a_c, y_c = (a0 + a1) / 2, (y0 + y1) / 2
    w, h = (a1 - a0) + 0.16, (y1 - y0) + 0.16
    r = np.random.default_rng(seed)
    ph = r.uniform(0, 6, 4)
    c = F.p(a_c, y_c, 0.02)
    picture(S["plastic"], c, w, h, yaw=F.yaw, uv_rect=(0, 0, w / 1.5, h / 1.5), grid=8,
            bend=lambda u, v: (-sag * math.sin(math.pi * u) * math.sin(math.pi * v)
                               + 0.008 * math.sin(u * 19 + ph[0]) * math.sin(v * 7 + ph[1])))
    with P.const(sw(BATTEN)):
        for (b0, b1, z0, z1) in ((a0 - 0.1, a1 + 0.1, y1 + 0.04, y1 + 0.09), (a0 - 0.1, a1 + 0.1, y0 - 0.09, y0 - 0.04),
                                 (a0 - 0.09, a0 - 0.04, y0 - 0.06, y1 + 0.06), (a1 + 0.04, a1 + 0.09, y0 - 0.06, y1 + 0.06)):
            F.box(P, b0, b1, z0, z1, 0.02, 0.045)


def window(F, a, y0, w, h, style, seed=0, wall_acc=None):
    a0, a1, y1 = a - w / 2, a + w / 2, y0 + h
    sill(F, a0, a1, y0)
    if style == "blocked":
        F.box(S["concrete"], a0, a1, y0, y1, -0.2, -0.06)
        return
    frame(F, S["m_dark"], a0, a1, y0, y1)
    if style in ("glass", "grille"):
        with P.const(sw(DARK_GLASS)):
            F.box(P, a0 + 0.04, a1 - 0.04, y0 + 0.04, y1 - 0.04, -0.09, -0.08)
        F.box(S["m_dark"], a - 0.02, a + 0.02, y0, y1, -0.08, -0.06)
    if style == "grille":
        grille(F, a0, a1, y0, y1)
    elif style == "shutter":
        louvres(F, S["m_green"], a0 + 0.02, a1 - 0.02, y0 + 0.02, y1 - 0.02)
    elif style == "panel":
        # closed shutters, far away: one panel with the leaf joint and a few grooves
        F.box(S["m_green"], a0 + 0.02, a1 - 0.02, y0 + 0.02, y1 - 0.02, -0.08, -0.05, flush=True)
        F.box(S["m_dark"], a - 0.01, a + 0.01, y0 + 0.02, y1 - 0.02, -0.05, -0.045, flush=True)
    elif style == "plastic":
        plastic_cover(F, a0, a1, y0, y1, seed)
    elif style == "open":
        # broken glass gone; a bent inner frame hangs in the opening
        F.box(S["m_dark"], a - 0.02, a + 0.02, y0 + 0.05, y1 - 0.25, -0.08, -0.06)


def metal_door(F, a, w, h, acc, seed=0, panel_style="blue"):
    """A Damascene steel door: frame, leaf with a grille light on top and raised panels."""
    a0, a1 = a - w / 2, a + w / 2
    fa = S["m_dark"] if panel_style != "blue" else acc
    frame(F, fa, a0, a1, -0.02, h, d0=-0.1, d1=0.02, w=0.05)
    la0, la1 = a0 + 0.05, a1 - 0.05
    F.box(acc, la0, la1, 0.0, h - 0.05, -0.085, -0.045)                     # leaf
    F.box(acc, la0 + 0.06, la1 - 0.06, 0.12, 0.95, -0.045, -0.028, bevel=0.008)   # lower panel
    F.box(acc, la0 + 0.06, la1 - 0.06, 1.05, 1.35, -0.045, -0.028, bevel=0.008)  # middle panel
    # upper light with a small grille (dark behind)
    with P.const(sw(DARK_GLASS)):
        F.box(P, la0 + 0.1, la1 - 0.1, 1.5, h - 0.2, -0.05, -0.044)
    n = 6
    for i in range(1, n):
        aa = la0 + 0.1 + (la1 - la0 - 0.2) * i / n
        F.box(acc, aa - 0.008, aa + 0.008, 1.5, h - 0.2, -0.044, -0.03)
    for yy in (1.5, (1.5 + h - 0.2) / 2, h - 0.2):
        F.box(acc, la0 + 0.08, la1 - 0.08, yy - 0.012, yy + 0.012, -0.044, -0.028)
    # handle and lock
    ah = la0 + 0.1 if F.right > 0 else la1 - 0.1
    with P.const(sw(STEEL)):
        F.box(P, ah - 0.02, ah + 0.02, 0.98, 1.12, -0.045, -0.03)
        cylinder(P, F.p(ah, 1.03, -0.03), F.p(ah, 1.03, 0.03), 0.012, n=8)
        cylinder(P, F.p(ah, 1.03, 0.03), F.p(ah + 0.11 * (-F.right), 1.03, 0.03), 0.011, n=8)
    # threshold step
    F.box(S["concrete"], a0 - 0.05, a1 + 0.05, 0.0, 0.05, -0.1, 0.12, bevel=0.01)


def roller_shutter(F, a0, a1, h, acc):
    """A rolled-down shop shutter: corrugated slats, guide rails, housing, bottom bar, padlock."""
    y = 0.05
    while y < h - 0.02:
        F.box(acc, a0 + 0.02, a1 - 0.02, y, min(h, y + 0.075), -0.06, -0.035, flush=True)
        F.box(acc, a0 + 0.02, a1 - 0.02, y + 0.03, min(h, y + 0.06), -0.035, -0.025, flush=True)
        y += 0.08
    F.box(acc, a0 + 0.02, a1 - 0.02, 0.0, 0.07, -0.07, -0.02)                   # bottom bar
    F.box(S["m_dark"], a0 - 0.05, a0 + 0.03, 0.0, h, -0.08, 0.02)               # guides
    F.box(S["m_dark"], a1 - 0.03, a1 + 0.05, 0.0, h, -0.08, 0.02)
    F.box(acc, a0 - 0.08, a1 + 0.08, h, h + 0.28, -0.02, 0.22, bevel=0.02)       # housing
    with P.const(sw(STEEL)):
        for ap in (a0 + 0.35, a1 - 0.35):
            F.box(P, ap - 0.03, ap + 0.03, 0.02, 0.1, -0.02, 0.03)
            cylinder(P, F.p(ap, 0.09, 0.035), F.p(ap, 0.15, 0.035), 0.012, n=6)


def sign(F, a, y, w, h, standoff=0.05, thick=0.035):
    """A blank painted sign board; the front face ends `standoff + thick` in front of the wall."""
    acc = S["sign"]
    d1 = standoff + thick
    p0 = F.p(a - w / 2, y - h / 2, d1)
    p1 = F.p(a + w / 2, y - h / 2, d1)
    p2 = F.p(a + w / 2, y + h / 2, d1)
    p3 = F.p(a - w / 2, y + h / 2, d1)
    pts = [p0, p1, p2, p3] if F.right > 0 else [p1, p0, p3, p2]
    quad(acc, *pts, uv=((0, 0), (1, 0), (1, 1), (0, 1)))
    with acc.const((0.02, 0.5)):
        F.box(acc, a - w / 2, a + w / 2, y - h / 2, y + h / 2, standoff, d1 - 0.001, skip=("+z",) if False else ())
    with P.const(sw(RUST)):
        for aa in (a - w / 2 + 0.15, a + w / 2 - 0.15):
            F.box(P, aa - 0.02, aa + 0.02, y - 0.03, y + 0.03, 0.0, standoff)


def cable(points, r=0.008):
    with P.const(sw(BLACK)):
        tube(P, points, r, n=4, cap=False)


def water_tank(x, y, z, colour=TANK_BLACK, r=0.5, h=1.05):
    with P.const(sw(STEEL)):
        for dx in (-0.38, 0.38):
            for dz in (-0.38, 0.38):
                box(P, (x + dx, y + 0.2, z + dz), (0.04, 0.4, 0.04))
        box(P, (x, y + 0.41, z), (0.9, 0.03, 0.9))
    with P.const(sw(colour)):
        cylinder(P, (x, y + 0.43, z), (x, y + 0.43 + h, z), r, r * 0.96, n=16)
        cylinder(P, (x, y + 0.43 + h, z), (x, y + 0.5 + h, z), 0.18, 0.16, n=10)
        for k in range(3):
            yy = y + 0.43 + h * (0.25 + 0.25 * k)
            cylinder(P, (x, yy - 0.02, z), (x, yy + 0.02, z), r + 0.012, n=16)


def dish(x, y, z, yaw):
    with P.const(sw(WHITE_PL)):
        M = mat((x, y, z), yaw, -25)
        cylinder(P, M @ Vector((0, 0, 0)), M @ Vector((0, 0, 0.1)), 0.05, 0.36, n=14)
    with P.const(sw(STEEL)):
        box(P, (x, y - 0.35, z), (0.04, 0.7, 0.04))


# ---------------------------------------------------------------- houses

FACES = {"S": ("x", 1), "N": ("x", -1), "E": ("z", 1), "W": ("z", -1)}


def house(x0, x1, z0, z1, h, wm, feats, storey=2.9, parapet=0.6, tops=None, lining=None,
          cap=True, bands=(), plinth=(), roof=True, roof_outline=None, starters=0.0):
    """A flat-roofed concrete house with rendered walls, real openings, a dark lined inside.
    feats: {face: [feature dicts]}; face in N S E W."""
    tops = tops or {}
    ry = h - parapet
    for face, (axis, out) in FACES.items():
        at = {"S": z1, "N": z0, "E": x1, "W": x0}[face]
        F = Facade(axis, at, out)
        a0, a1 = ((x0, x1) if axis == "x" else (z0 + T, z1 - T))
        holes = []
        for f in feats.get(face, []):
            if f["k"] in ("win", "plastic"):
                holes.append((f["a"] - f["w"] / 2, f["a"] + f["w"] / 2, f["y"], f["y"] + f["h"]))
            elif f["k"] in ("door", "roller"):
                holes.append((f["a"] - f["w"] / 2, f["a"] + f["w"] / 2, 0.0, f["h"]))
        F.wall(S[wm], a0, a1, 0.0, h, T, holes, tops.get(face))
        if cap and face not in tops:
            F.box(S["concrete"], a0 - (0.03 if axis == "x" else -0.0), a1 + (0.03 if axis == "x" else 0.0),
                  h, h + 0.06, -T - 0.02, 0.03)
        for f in feats.get(face, []):
            k = f["k"]
            if k == "win":
                window(F, f["a"], f["y"], f["w"], f["h"], f.get("style", "glass"), f.get("seed", 0))
            elif k == "door":
                metal_door(F, f["a"], f["w"], f["h"], S[f.get("mat", "m_green")], panel_style=f.get("style", "plain"))
            elif k == "roller":
                roller_shutter(F, f["a"] - f["w"] / 2, f["a"] + f["w"] / 2, f["h"], S["m_green"])
            elif k == "balcony":
                balcony(F, f["a"], f["w"], f["y"], f.get("depth", 0.9))
        if face in bands:
            for yy in np.arange(storey, ry - 0.5, storey):
                F.box(S[wm], a0 if axis == "x" else a0 - T, a1 if axis == "x" else a1 + T, yy - 0.1, yy + 0.08, 0.0, 0.035)
        if face in plinth:
            cuts = sorted((f["a"] - f["w"] / 2, f["a"] + f["w"] / 2) for f in feats.get(face, []) if f["k"] in ("door", "roller"))
            start = a0 if axis == "x" else a0 - T
            end = a1 if axis == "x" else a1 + T
            for c0, c1 in cuts + [(end, end)]:
                if c0 - start > 0.05:
                    F.box(S["concrete"], start, c0, 0.0, 0.4, 0.0, 0.025)
                start = c1
    if starters:
        with P.const(sw(RUST)):
            for cx, cz in ((x0 + 0.15, z0 + 0.15), (x1 - 0.15, z0 + 0.15), (x0 + 0.15, z1 - 0.15), (x1 - 0.15, z1 - 0.15)):
                for dx in (-0.06, 0.06):
                    for dz in (-0.06, 0.06):
                        top = Vector((cx + dx + 0.05 * dx / abs(dx), h + starters, cz + dz))
                        tube(P, [(cx + dx, h - 0.1, cz + dz), (cx + dx, h + starters * 0.7, cz + dz), top], 0.008, n=4, cap=False)
    if roof:
        outline = roof_outline or [(x0 + T, z0 + T), (x1 - T, z0 + T), (x1 - T, z1 - T), (x0 + T, z1 - T)]
        slab(S["concrete"], outline, ry, 0.22)
    lo, hi = lining or ((x0 + T + 0.01, 0.0, z0 + T + 0.01), (x1 - T - 0.01, ry - 0.22, z1 - T - 0.01))
    if lining is not False:
        inner_box(S["interior"], lo, hi, skip=("-y",))
        slab(S["interior"], [(lo[0], lo[2]), (hi[0], lo[2]), (hi[0], hi[2]), (lo[0], hi[2])], 0.02, 0.02)


def balcony(F, a, w, y, depth):
    a0, a1 = a - w / 2, a + w / 2
    F.box(S["concrete"], a0, a1, y - 0.16, y, 0.0, depth, bevel=0.015)
    acc = S["m_dark"]
    for aa in (a0 + 0.03, a1 - 0.03):
        F.box(acc, aa - 0.02, aa + 0.02, y, y + 1.0, depth - 0.05, depth - 0.01)
    F.box(acc, a0 + 0.01, a1 - 0.01, y + 0.97, y + 1.02, depth - 0.06, depth)          # hand rail
    F.box(acc, a0 + 0.01, a1 - 0.01, y + 0.1, y + 0.13, depth - 0.05, depth - 0.02)
    n = int(w / 0.12)
    for i in range(1, n):
        aa = a0 + w * i / n
        F.box(acc, aa - 0.007, aa + 0.007, y + 0.1, y + 0.98, depth - 0.045, depth - 0.03)
    for d in (0.05, depth - 0.05):
        if d > 0.1:
            F.box(acc, a0 + 0.01, a0 + 0.05, y + 0.97, y + 1.02, 0.0, depth)
            F.box(acc, a1 - 0.05, a1 - 0.01, y + 0.97, y + 1.02, 0.0, depth)


def W(a, y, w=1.2, h=1.3, style="glass", seed=0):
    return dict(k="win", a=a, y=y, w=w, h=h, style=style, seed=seed)


def build_house_a():
    """The family's house: two storeys, cream; blue door and name plate on the west face,
    an upper window under plastic sheeting, water tank; yard with the lemon tree south."""
    x0, x1, z0, z1 = 7.0, 13.0, -19.0, -13.0
    feats = {
        "W": [dict(k="door", a=-15.0, w=1.1, h=2.1, mat="bluedoor", style="blue"),
              W(-17.4, 0.95, 1.1, 1.15, "grille"),
              W(-17.2, 3.2, 1.3, 1.05, "plastic", seed=5),
              W(-14.6, 3.2, 1.1, 1.05, "shutter")],
        "S": [W(10.0, 3.2, 1.1, 1.05, "shutter"), W(10.0, 0.95, 1.0, 1.15, "grille")],
        "N": [W(9.5, 3.2, 1.1, 1.05, "glass")],
        "E": [],
    }
    house(x0, x1, z0, z1, 5.0, "pl_a", feats, storey=2.45, parapet=0.45, bands=("W", "S"), plinth=("W",))
    # name plate (blank; the app writes the family name on it)
    F = Facade("z", 7.0, -1)
    sign(F, -13.95, 1.55, 0.34, 0.22, standoff=0.005, thick=0.012)
    water_tank(11.6, 4.55, -17.8, TANK_BLACK)
    water_tank(11.6, 4.55, -16.5, TANK_BLUE, r=0.42, h=0.9)
    # a line of cable from the roof to the door (the generator subscription)
    cable([(6.96, 4.9, -13.6), (6.95, 3.0, -13.5), (6.96, 2.3, -14.2), (6.97, 2.25, -15.7)])
    # low yard wall to the street, blocks with a plaster cap, a step gap near the house
    yw = Facade("z", 7.0, -1)
    top = [(-12.75, 1.35), (-11.2, 1.35), (-10.9, 1.12), (-10.6, 1.3), (-10.3, 1.35), (-9.0, 1.35)]
    yw.wall(S["concrete"], -13.0, -9.0, 0.0, 1.35, 0.2, top=top)
    yw.box(S["pl_a"], -13.0, -11.2, 1.35, 1.41, -0.22, 0.02)
    yw.box(S["pl_a"], -10.3, -9.0, 1.35, 1.41, -0.22, 0.02)
    Facade("x", -9.0, 1).wall(S["concrete"], 7.2, 13.0, 0.0, 2.2, 0.2)   # (hidden behind house B)
    Facade("z", 13.0, 1).wall(S["concrete"], -13.0, -9.2, 0.0, 2.4, 0.2)
    lemon_tree(8.75, -10.9)


def lemon_tree(x, z):
    """The family's lemon tree: the north-west half still in leaf with a few lemons; the
    south-east limb split off at the fork and lies in the yard, its side bare."""
    b = S["bark"]
    r = np.random.default_rng(77)
    fork = Vector((x - 0.05, 1.05, z + 0.02))
    tube(b, [(x, 0.0, z), (x + 0.02, 0.5, z), fork], [0.13, 0.11, 0.095], n=8)
    # living limb, leaning toward the street (-x) and north (-z)
    limbs = [
        [fork, fork + Vector((-0.35, 0.6, -0.15)), fork + Vector((-0.7, 1.2, -0.35)), fork + Vector((-0.85, 1.8, -0.5))],
        [fork + Vector((-0.35, 0.6, -0.15)), fork + Vector((-0.1, 1.3, -0.6)), fork + Vector((0.0, 1.9, -0.95))],
        [fork + Vector((-0.7, 1.2, -0.35)), fork + Vector((-1.3, 1.6, -0.2)), fork + Vector((-1.6, 1.9, 0.1))],
        [fork + Vector((-0.2, 0.35, -0.05)), fork + Vector((-0.6, 0.7, 0.4)), fork + Vector((-0.9, 1.1, 0.6))],
    ]
    radii = [[0.08, 0.06, 0.045, 0.03], [0.05, 0.035, 0.02], [0.045, 0.03, 0.02], [0.05, 0.035, 0.02]]
    for pts, rr in zip(limbs, radii):
        tube(b, pts, rr, n=6)
    # foliage: leaf cards around cluster centres on the living side
    centres = [(-0.85, 1.9, -0.5, 0.55), (0.0, 2.0, -0.95, 0.5), (-1.55, 1.95, 0.05, 0.5), (-0.9, 1.2, 0.6, 0.45),
               (-0.45, 1.55, -0.2, 0.55), (-1.2, 1.5, -0.6, 0.45), (-0.3, 2.25, -0.6, 0.4), (-1.1, 2.25, -0.2, 0.4)]
    leaf = S["leaf"]
    for cx, cy, cz, rad in centres:
        c = fork + Vector((cx, cy - 1.05 + 1.0, cz))
        for k in range(34):
            d = Vector(r.normal(0, 1, 3)).normalized() * rad * r.uniform(0.2, 1.0)
            d.y *= 0.75
            p = c + d
            s = r.uniform(0.26, 0.38)
            picture(leaf, p, s, s, yaw=r.uniform(0, 360), pitch=r.uniform(-70, 70))
    with P.const(sw(LEMON)):
        for cx, cy, cz, rad in centres[:6]:
            for k in range(2):
                d = Vector(r.normal(0, 1, 3)).normalized() * rad * 0.85
                p = fork + Vector((cx, cy - 0.05, cz)) + Vector((d.x, -abs(d.y) * 0.6, d.z))
                blob(P, r, p, (0.04, 0.055, 0.04), subdiv=1, noise=0.02, smooth=True)
        # two fallen lemons in the yard
        for p in ((x + 0.8, 0.04, z + 0.5), (x - 0.6, 0.04, z + 1.1)):
            blob(P, r, p, (0.04, 0.04, 0.05), subdiv=1, noise=0.02)
    # broken side: a split stub at the fork with pale torn wood, and the fallen limb
    stub_top = fork + Vector((0.32, 0.45, 0.22))
    tube(b, [fork + Vector((0.02, 0.0, 0.0)), fork + Vector((0.18, 0.25, 0.12)), stub_top], [0.085, 0.075, 0.06], n=7, cap=False)
    with P.const(sw(SPLIT_WOOD)):
        tip = stub_top + Vector((0.12, 0.28, 0.05))
        hull(P, [stub_top + Vector((0.07, 0, 0)), stub_top + Vector((-0.06, 0.02, 0.03)), stub_top + Vector((0, -0.02, 0.07)),
                 stub_top + Vector((0.02, 0, -0.06)), tip, tip + Vector((-0.05, -0.12, 0.02))])
    base = Vector((x + 0.7, 0.1, z + 0.55))
    fallen = [base, base + Vector((0.7, 0.12, 0.35)), base + Vector((1.4, 0.28, 0.55)), base + Vector((1.95, 0.5, 0.6))]
    tube(b, fallen, [0.075, 0.06, 0.045, 0.03], n=7)
    with P.const(sw(SPLIT_WOOD)):
        hull(P, [base + Vector((-0.02, 0.07, 0.0)), base + Vector((0.0, -0.07, 0.02)), base + Vector((0.0, 0.0, -0.08)),
                 base + Vector((-0.25, 0.05, -0.1)), base + Vector((-0.15, -0.05, 0.05))])
    for k in range(9):
        t = 0.2 + 0.09 * k
        p0 = fallen[0].lerp(fallen[-1], t)
        d = Vector((r.uniform(-0.3, 0.5), r.uniform(0.15, 0.6), r.uniform(-0.5, 0.5)))
        tube(b, [p0, p0 + d * 0.5, p0 + d + Vector((r.normal(0, 0.1), 0, r.normal(0, 0.1)))], [0.02, 0.012, 0.006], n=4)
    with P.const(sw(DRY_LEAF)):
        for k in range(24):
            p = base + Vector((r.uniform(-0.2, 2.0), 0.012, r.uniform(-0.4, 0.9)))
            box(P, p, (0.07, 0.004, 0.035), yaw=r.uniform(0, 180))
    # bare twigs still on the broken side of the crown
    for k in range(5):
        p0 = fork + Vector((0.15 + 0.03 * k, 0.2 + 0.05 * k, 0.1))
        d = Vector((r.uniform(0.2, 0.6), r.uniform(0.3, 0.8), r.uniform(-0.2, 0.5)))
        tube(b, [p0, p0 + d * 0.6, p0 + d], [0.022, 0.012, 0.005], n=4)


def build_house_b():
    """Abu Fadi's house: door on the west face at z = -3.5; the generator against the wall."""
    x0, x1, z0, z1 = 7.0, 13.0, -9.0, -2.4
    feats = {
        "W": [dict(k="door", a=-3.5, w=1.0, h=2.1, mat="m_green"),
              W(-7.6, 1.0, 1.3, 1.25, "grille"), W(-5.4, 1.0, 1.0, 1.25, "shutter")],
        "S": [W(10.0, 1.0, 1.2, 1.2, "grille")],
        "N": [W(10.5, 1.0, 1.1, 1.2, "shutter")],
    }
    house(x0, x1, z0, z1, 4.0, "pl_b", feats, storey=3.3, parapet=0.65, plinth=("W",), starters=0.8)
    water_tank(11.8, 3.35, -7.6, TANK_BLACK, r=0.45, h=0.95)
    dish(9.0, 3.95, -3.2, -60)
    generator(6.62, -7.9)


def generator(x, z):
    """A small diesel generator box on a pallet, against house B's west wall."""
    g = S["m_green"]
    with P.const(sw(BATTEN)):
        for dz in (-0.45, 0.0, 0.45):
            box(P, (x, 0.04, z + dz), (0.7, 0.08, 0.1))
        box(P, (x, 0.1, z), (0.72, 0.03, 1.05))
    box(g, (x, 0.5, z), (0.6, 0.78, 0.95), bevel=0.02)
    F = Facade("z", x - 0.3, -1)
    with P.const(sw(BLACK)):
        for i in range(7):                                        # louvres on the street side
            yy = 0.3 + 0.06 * i
            F.box(P, z - 0.3, z + 0.05, yy, yy + 0.02, 0.0, 0.012)
        cylinder(P, (x + 0.1, 0.89, z + 0.3), (x + 0.1, 1.25, z + 0.3), 0.025, n=8)   # exhaust
        cylinder(P, (x + 0.1, 1.25, z + 0.3), (x + 0.1, 1.27, z + 0.3), 0.035, n=8)
    with P.const(sw(STEEL)):
        cylinder(P, (x - 0.1, 0.89, z - 0.25), (x - 0.1, 0.93, z - 0.25), 0.05, n=10)   # fuel cap
        F.box(P, z + 0.15, z + 0.4, 0.7, 0.8, 0.0, 0.02)                           # control panel
    with P.const(sw(RED)):
        F.box(P, z + 0.2, z + 0.25, 0.73, 0.77, 0.02, 0.03)
    cable([(x + 0.3, 0.6, z - 0.4), (6.99, 0.6, z - 0.6), (6.99, 2.9, z - 0.5), (6.99, 3.1, z + 1.5), (6.99, 3.1, -4.2), (6.99, 2.3, -4.1)], 0.01)
    # a jerrycan
    with P.const(sw(GEN_GREEN)):
        box(P, (x - 0.05, 0.23, z - 0.75), (0.17, 0.46, 0.34), bevel=0.02)
        cylinder(P, (x - 0.05, 0.46, z - 0.86), (x - 0.05, 0.5, z - 0.86), 0.02, n=6)


def build_house_c():
    """House C: three storeys, pale pink, street face east (x = -7). Its north-east corner is
    torn away: walls break off in jagged steps, the slabs end in broken edges with rebar,
    one slab hangs down, and a slope of rubble spills toward the street."""
    x0, x1, z0, z1 = -13.0, -7.0, -1.0, 5.0
    h, storey = 6.0, 2.7
    tops = {
        "N": [(-13.0, 6.0), (-11.4, 6.0), (-11.0, 5.3), (-10.6, 5.55), (-10.1, 4.2), (-9.7, 4.35), (-9.2, 2.9),
              (-8.8, 2.3), (-8.3, 1.9), (-7.9, 1.2), (-7.4, 0.9), (-7.0, 0.6)],
        "E": [(-1.0 + T, 0.55), (-0.45, 0.8), (0.0, 1.6), (0.35, 1.75), (0.8, 2.9), (1.2, 3.2), (1.5, 4.5),
              (1.9, 4.7), (2.2, 5.6), (2.6, 6.0), (5.0 - T, 6.0)],
    }
    feats = {
        "E": [W(3.4, 0.95, 1.2, 1.25, "plastic", seed=9),
              W(3.5, 3.65, 1.2, 1.2, "shutter"), dict(k="balcony", a=3.5, w=2.2, y=storey, depth=0.85),
              W(1.4, 0.95, 1.0, 1.25, "open")],
        "S": [dict(k="door", a=-8.2, w=0.95, h=2.1, mat="m_dark"), W(-10.4, 0.95, 1.2, 1.25, "grille"), W(-10.0, 3.65, 1.2, 1.2, "glass"), W(-11.6, 3.65, 0.9, 1.1, "shutter")],
        "N": [W(-11.8, 0.95, 1.0, 1.2, "blocked")],
    }
    # jagged break line for the slabs: (x, z) points from the north wall to the east wall
    def broken(k):
        s = 0.6 * k
        return [(-7.0 - T, 2.4 + s * 0.6), (-7.6, 1.7 + s), (-8.1, 1.1 + s * 0.6), (-8.4 - 0.3 * k, 0.2 + s * 0.5),
                (-9.0 - 0.6 * k, -0.2 + s * 0.3), (-9.3 - 0.8 * k, -1.0 + T)]
    ry = h - 0.6
    def outline(k):
        b = broken(k)
        return [(x0 + T, z0 + T), (b[-1][0], z0 + T)] + list(reversed(b[1:-1])) + [(x1 - T, b[0][1]), (x1 - T, z1 - T), (x0 + T, z1 - T)]
    house(x0, x1, z0, z1, h, "pl_c", feats, storey=storey, tops=tops, bands=("E", "S"), plinth=("E",),
          roof_outline=outline(2), lining=((-12.74, 0.0, 2.6), (-7.26, ry - 0.22, 4.74)))
    # intermediate floor slab (broken) and its underside
    slab(S["concrete"], outline(1), storey + 0.05, 0.2)
    # the interior partition behind the collapse (finishes of the rooms that remain)
    Facade("x", 2.6, -1).wall(S["interior"], -12.75, -7.25, 0.0, ry - 0.22, 0.02)
    Facade("z", -12.73, 1).wall(S["interior"], -0.75, 2.6, 0.0, ry - 0.22, 0.02)
    # hanging slab piece from the first floor break, tipped down toward the street
    r = np.random.default_rng(31)
    for k, (y, ang) in enumerate(((storey + 0.05, 38), (ry, 52))):
        b = broken(k + 1)
        p1, p2 = Vector((b[1][0], y, b[1][1])), Vector((b[3][0], y, b[3][1]))
        U = (p2 - p1).normalized()
        out = Vector((U.z, 0, -U.x))
        if out.x < 0:
            out = -out
        V = (out * math.cos(math.radians(ang)) - Vector((0, 1, 0)) * math.sin(math.radians(ang)))
        L = (p2 - p1).length
        panel(S["concrete"], p1 + out * 0.02, U, V, [(0, 0), (L, 0), (L * 0.8, 1.1), (L * 0.45, 1.5), (0.1, 0.9)], depth=0.18)
        # rebar bristling from the broken edges
        with P.const(sw(RUST)):
            for bx, bz in b[1:-1]:
                for j in range(3):
                    q = Vector((bx, y - 0.1, bz)) + Vector((r.uniform(-0.2, 0.2), 0, r.uniform(-0.2, 0.2)))
                    d = Vector((r.uniform(0.1, 0.4), r.uniform(-0.45, 0.05), r.uniform(-0.4, 0.1)))
                    tube(P, [q, q + d * 0.5, q + d + Vector((0, -0.1, 0))], 0.007, n=4, cap=False)
    # rubble slope from the corner out toward the street
    rub = S["rubble"]
    blob(rub, r, (-7.6, 0.0, -0.6), (1.9, 1.5, 1.7), subdiv=3, noise=0.16, freq=4.5, cut_below=0.0, smooth=False)
    blob(rub, r, (-6.6, 0.0, -1.2), (1.1, 0.6, 1.0), subdiv=3, noise=0.15, freq=3.0, cut_below=0.0, smooth=False)
    blob(rub, r, (-8.6, 0.0, 0.8), (1.2, 1.1, 1.2), subdiv=2, noise=0.15, cut_below=0.0, smooth=False)
    for k in range(170):
        ang = r.uniform(0, 2 * math.pi)
        d = r.uniform(0, 1.0) ** 0.7
        x = -7.4 + math.cos(ang) * d * 2.4
        z = -0.7 + math.sin(ang) * d * 2.2
        if x > -7.0 + 0.3 and z > -1.0 + 0.3 and x < -7.0 and z < 5:
            pass
        yy = max(0.0, 1.35 * (1 - d * d)) * (0.9 if x > -7 or z < -1 else 1.0)
        if not walk_clear(x, z, 0.9):
            continue
        s = r.uniform(0.15, 0.55)
        acc = rub if k % 4 else S["pl_c"]
        rock(acc, r, (x, yy, z), (s, s * r.uniform(0.3, 0.7), s * r.uniform(0.6, 1.2)))
    # a few blocks and a slab fragment at the foot of the slope
    panel(S["concrete"], Vector((-6.2, 0.05, -2.2)), Vector((0.8, 0.2, -0.55)).normalized(),
          Vector((0.4, 0.5, 0.75)).normalized(), [(0, 0), (1.2, 0), (1.0, 0.8), (0.2, 0.9)], depth=0.15)
    water_tank(-11.2, ry, 3.6, TANK_BLUE)


def build_house_d():
    """The closed shop: single storey, roller shutter and a blank sign board on the west face
    (x = 7), a side door; a table of crates in front is gone, a plastic chair remains."""
    x0, x1, z0, z1 = 7.0, 13.0, 0.0, 8.0
    feats = {
        "W": [dict(k="roller", a=4.0, w=3.6, h=2.3), dict(k="door", a=6.75, w=0.9, h=2.05, mat="m_dark")],
        "N": [W(10.0, 1.2, 1.0, 0.9, "grille")],
        "S": [W(10.0, 1.2, 1.0, 0.9, "grille")],
    }
    house(x0, x1, z0, z1, 3.5, "pl_d", feats, storey=3.5, parapet=0.45, plinth=("W",))
    F = Facade("z", 7.0, -1)
    sign(F, 4.0, 2.92, 3.4, 0.56, standoff=0.005, thick=0.03)        # front face at x = 6.965
    dish(12.0, 3.35, 1.0, -80)
    cable([(6.97, 3.3, 7.8), (6.97, 2.8, 6.0), (6.97, 2.75, 5.9)])


def build_school():
    """The school: one storey, walls 4 m, no roof left; an empty gate in the south wall with
    a blank sign board above it, window openings, broken slab edges and beams, rubble, desks
    and a blackboard inside."""
    x0, x1, z0, z1 = -12.5, -4.5, -16.0, -10.0
    h = 4.0
    t = 0.3
    r = np.random.default_rng(41)

    def jag(a0, a1, base, seed, keep=()):
        """A wall top: intact runs and broken bites with steep, ragged sides."""
        rr = np.random.default_rng(seed)
        pts, a = [(a0, base)], a0
        while True:
            a = a + rr.uniform(0.5, 1.8)
            if a > a1 - 0.6:
                break
            zw, depth = rr.uniform(0.5, 1.5), rr.uniform(0.25, 0.95)
            if a + zw > a1 - 0.2 or any(k0 - 0.1 < b < k1 + 0.1 for k0, k1 in keep for b in (a, a + zw)) \
                    or any(a < k0 and a + zw > k1 for k0, k1 in keep):
                continue
            pts.append((a, base))
            k = int(rr.integers(3, 6))
            for i in range(k + 1):
                t = i / k
                prof = min(1.0, 3.0 * min(t, 1 - t) + 0.25)
                pts.append((a + 0.04 + (zw - 0.08) * t, base - depth * prof * rr.uniform(0.75, 1.0)))
            pts.append((a + zw, base))
            a = a + zw
        pts.append((a1, base))
        return pts

    south = [(-12.0, 1.3, 1.4, 1.25), (-5.8, 1.3, 1.4, 1.25)]
    north = [(-11.0, 1.3, 1.4, 1.25), (-6.0, 1.3, 1.4, 1.25)]
    east = [(-14.6, 1.3, 1.4, 1.25), (-11.6, 1.3, 1.4, 1.25)]
    west = [(-13.0, 1.3, 1.6, 1.25)]
    specs = [("S", Facade("x", z1, 1), x0, x1, south, [(-9.4, -9.4)], [(-10.2, -6.8)]),
             ("N", Facade("x", z0, -1), x0, x1, north, [], []),
             ("E", Facade("z", x1, 1), z0 + t, z1 - t, east, [], []),
             ("W", Facade("z", x0, -1), z0 + t, z1 - t, west, [], [])]
    ledges = {"N": (x0 + 0.4, -8.6), "W": (-15.6, -12.4), "E": (-12.6, -10.5)}
    for k, (name, F, a0, a1, wins, _, keep) in enumerate(specs):
        holes = [(a - w / 2, a + w / 2, y, y + hh) for a, y, w, hh in wins]
        if name == "S":
            holes.append((-9.5, -7.5, 0.0, 3.2))
        if name in ledges:
            keep = keep + [ledges[name]]
        if name == "W":
            keep = keep + [(-13.4, -12.6)]
        top = jag(a0, a1, h, 100 + k, keep)
        F.wall(S["school"], a0, a1, 0.0, h, t, holes, top)
        # painted band outside, 1.1 m
        band_holes = [(-9.5, -7.5, 0.0, 3.2)] if name == "S" else []
        F2 = Facade(F.axis, F.at + F.out * 0.012, F.out)
        F2.wall(S["band"], (x0 if F.axis == "x" else z0) - 0.012, (x1 if F.axis == "x" else z1) + 0.012,
                0.0, 1.1, 0.012, [(b0, b1, 0.0, 1.1) for b0, b1, _, _ in band_holes])
        for a, y, w, hh in wins:
            sill(F, a - w / 2, a + w / 2, y)
            frame(F, S["m_dark"], a - w / 2, a + w / 2, y, y + hh, d0=-0.16, d1=-0.1)
            if r.random() < 0.5:
                grille(F, a - w / 2, a + w / 2, y, y + hh)
        # inside face: roof slab remnants (ledges with broken edges) along parts of the top
        if name in ledges:
            ledge_pts = []
            L0, L1 = ledges[name]
            steps = 7
            for i in range(steps + 1):
                a = L0 + (L1 - L0) * i / steps
                ledge_pts.append((a, -t - r.uniform(0.25, 0.8) * math.sin(math.pi * i / steps) ** 0.5))
            outline = [(a, d) for a, d in ledge_pts] + [(L1, -t + 0.02), (L0, -t + 0.02)]
            pts3 = [F.p(a, h, d) for a, d in outline]
            slab(S["concrete"], [(p.x, p.z) for p in pts3], h + 0.02, 0.24)
    # gate: pillars and lintel, hinge pins, no gate
    F = Facade("x", z1, 1)
    c = S["concrete"]
    F.box(c, -9.95, -9.5, 0.0, 3.35, -0.02, 0.14, bevel=0.015)
    F.box(c, -7.5, -7.05, 0.0, 3.35, -0.02, 0.14, bevel=0.015)
    F.box(c, -9.95, -7.05, 3.2, 3.3, -0.02, 0.1)
    with P.const(sw(RUST)):
        for y in (0.4, 1.6, 2.8):
            F.box(P, -9.52, -9.45, y, y + 0.1, 0.08, 0.12)
            F.box(P, -7.55, -7.48, y, y + 0.1, 0.08, 0.12)
    sign(F, -8.5, 3.6, 2.6, 0.55, standoff=0.14, thick=0.04)           # front face at z = -9.82
    # inside: floor, rubble heaps, fallen beam, desks, blackboard
    slab(S["concrete"], [(x0 + t, z0 + t), (x1 - t, z0 + t), (x1 - t, z1 - t), (x0 + t, z1 - t)], 0.03, 0.03)
    box(S["concrete"], (-8.5, 0.015, z1 - 0.15), (2.0, 0.03, 0.3))
    rub = S["rubble"]
    for cx, cz, rx, ry_, rz in ((-10.6, -14.2, 1.6, 0.9, 1.2), (-6.2, -14.9, 1.5, 0.7, 0.9), (-11.6, -11.2, 0.8, 0.5, 1.0),
                                (-5.3, -11.5, 0.7, 0.4, 1.0)):
        blob(rub, r, (cx, 0.0, cz), (rx, ry_, rz), subdiv=3, noise=0.13, freq=3.0, cut_below=0.03)
        for k in range(28):
            ang = r.uniform(0, 2 * math.pi)
            d = r.uniform(0, 1) ** 0.6
            x, z = cx + math.cos(ang) * rx * d, cz + math.sin(ang) * rz * d
            s = r.uniform(0.1, 0.35)
            rock(rub if k % 3 else S["school"], r, (x, ry_ * (1 - d * d) * 0.9 + 0.03, z), (s, s * 0.5, s * 0.8))
    # broken roof slab fragments leaning into the room
    panel(S["concrete"], Vector((-11.0, 0.05, -13.2)), Vector((1, 0, 0.15)).normalized(), Vector((0.1, 0.55, -0.8)).normalized(),
          [(0, 0), (1.8, 0.1), (1.5, 1.4), (0.6, 1.7), (0.1, 1.1)], depth=0.16)
    panel(S["concrete"], Vector((-6.9, 0.05, -13.6)), Vector((0.9, 0, 0.4)).normalized(), Vector((-0.3, 0.35, -0.9)).normalized(),
          [(0, 0), (1.4, 0), (1.2, 1.6), (0.3, 1.3)], depth=0.16)
    # a roof beam still spanning from the west wall, and one fallen across the room
    box(c, (-10.8, h - 0.2, -13.0), (3.3, 0.35, 0.28))
    beam(c, (-10.9, 3.7, -15.6), (-10.1, 0.12, -12.7), 0.3, 0.26)
    with P.const(sw(RUST)):
        for dz in (-0.09, 0.09):
            tube(P, [(-9.15, h - 0.35, -13.0 + dz), (-8.95, h - 0.55, -13.05 + dz), (-8.9, h - 0.9, -12.9 + dz)], 0.008, n=4)
    # school desks (wood tops on steel frames), one upturned
    for i, (x, z, yaw, up) in enumerate(((-7.9, -13.0, 8, True), (-9.6, -12.0, -14, True), (-6.7, -11.6, 95, False),
                                         (-10.4, -12.9, 3, True))):
        desk(x, z, yaw, up)
    # blackboard on the north wall, inside
    Fn = Facade("x", z0 + t, 1)
    with P.const(sw(BOARD_GREEN)):
        Fn.box(P, -9.8, -7.2, 1.0, 2.15, 0.0, 0.02)
    with P.const(sw(BATTEN)):
        for (a0, a1, y0, y1) in ((-9.85, -7.15, 0.95, 1.0), (-9.85, -7.15, 2.15, 2.2), (-9.85, -9.8, 0.95, 2.2), (-7.2, -7.15, 0.95, 2.2)):
            Fn.box(P, a0, a1, y0, y1, 0.0, 0.035)
        Fn.box(P, -9.6, -7.4, 0.95, 0.99, 0.0, 0.08)
    # a few loose chunks in front of the gate, away from the shoe and the spot
    scatter_rubble(14, (-12.0, -5.0, -9.9, -8.0), 43, (0.05, 0.16))


def beam(acc, p0, p1, w, h):
    """A rectangular beam from p0 to p1 (its width w horizontal)."""
    p0, p1 = Vector(p0), Vector(p1)
    ax = (p1 - p0)
    L = ax.length
    ax.normalize()
    side = ax.cross(Vector((0, 1, 0))).normalized()
    up = side.cross(ax).normalized()
    M = Matrix((ax, up, side)).transposed().to_4x4()
    M.translation = (p0 + p1) / 2
    box(acc, (0, 0, 0), (L, h, w), M=M)


def desk(x, z, yaw, upright=True):
    M = mat((x, 0, z), yaw) if upright else mat((x, 0.755, z), yaw, 0, 180)
    with P.const(sw(BATTEN)):
        box(P, (0, 0.7, 0), (1.1, 0.035, 0.45), M=M, bevel=0.008)
    with P.const(sw(GEN_GREEN)):
        for dx in (-0.5, 0.5):
            for dz in (-0.18, 0.18):
                box(P, (dx, 0.35, dz), (0.03, 0.7, 0.03), M=M)
            box(P, (dx, 0.1, 0), (0.03, 0.03, 0.4), M=M)
        box(P, (0, 0.6, 0.15), (1.0, 0.02, 0.03), M=M)


def build_background():
    """Houses closing the views: a row across each end of the street and blocks behind."""
    r = np.random.default_rng(55)
    styles = ["glass", "panel", "glass", "glass", "panel", "open", "blocked", "plastic"]

    def auto(face_len_a0, face_len_a1, nstorey, storey, seed, door_at=None):
        rr = np.random.default_rng(seed)
        out = []
        L = face_len_a1 - face_len_a0
        n = max(1, int((L - 0.8) / 2.4))
        for s_ in range(nstorey):
            for i in range(n):
                a = face_len_a0 + L * (i + 0.5) / n + rr.uniform(-0.15, 0.15)
                if s_ == 0 and door_at is not None and abs(a - door_at) < 1.2:
                    continue
                out.append(W(a, s_ * storey + 0.95, rr.choice([1.0, 1.2, 1.3]), 1.2, styles[rr.integers(len(styles))], seed=int(rr.integers(1000))))
        if door_at is not None:
            out.append(dict(k="door", a=door_at, w=1.0, h=2.1, mat="m_dark"))
        return out

    specs = [
        # x0, x1, z0, z1, h, mat, street face, storeys, door along face
        (-13.0, -7.0, 7.0, 15.0, 8.4, "pl_e", "E", 3, 12.8, True),
        (7.0, 13.0, 10.0, 18.0, 6.0, "pl_f", "W", 2, 11.5, True),
        (-13.0, -6.0, -21.0, -17.2, 6.0, "pl_f", "E", 2, None, False),
        (-6.0, 8.0, -24.0, -20.0, 8.8, "pl_e", "S", 3, 1.0, False),
        (-6.0, 7.0, 20.0, 24.0, 6.0, "pl_f", "N", 2, 2.0, False),
        (-21.0, -14.0, -10.0, -1.5, 7.0, "pl_e", "E", 2, -5.0, False),
        (-21.0, -14.0, -20.0, -11.0, 5.0, "pl_f", "E", 1, None, False),
        (-21.0, -14.0, 0.0, 18.0, 6.0, "pl_f", "E", 2, None, False),
        (14.0, 21.0, -21.0, -9.0, 8.0, "pl_e", "W", 3, None, False),
        (14.0, 21.0, -7.0, 9.0, 6.0, "pl_f", "W", 2, None, False),
        (-13.0, -6.0, 16.5, 20.0, 5.5, "pl_e", "E", 2, None, False),
        (7.0, 13.0, 19.0, 24.0, 7.0, "pl_e", "W", 2, None, False),
        (14.0, 21.0, 11.0, 22.0, 7.0, "pl_f", "W", 2, None, False),
    ]
    for i, (x0, x1, z0, z1, h, wm, face, ns, door, bal) in enumerate(specs):
        storey = (h - 0.6) / ns
        if face in ("E", "W"):
            a0, a1 = z0 + 0.5, z1 - 0.5
        else:
            a0, a1 = x0 + 0.5, x1 - 0.5
        feats = {face: auto(a0, a1, ns, storey, 200 + i, door)}
        if bal and ns > 1:
            feats[face].append(dict(k="balcony", a=(a0 + a1) / 2, w=2.4, y=storey, depth=0.8))
        house(x0, x1, z0, z1, h, wm, feats, storey=storey, parapet=0.6, bands=(face,), plinth=(face,) if door else (),
              starters=0.9 if i % 3 == 1 else 0.0)
        if r.random() < 0.7:
            water_tank(x0 + 1.2 + r.uniform(0, 1), h - 0.6, z0 + 1.2 + r.uniform(0, 1), [TANK_BLACK, TANK_BLUE, WHITE_PL][i % 3])


def build_poles_and_wires():
    """Concrete electricity poles on both sidewalks, sagging wires along and across the street
    and service drops to the houses."""
    c = S["concrete"]
    poles = {"W1": (-4.0, -13.4), "W2": (-4.1, 3.6), "W3": (-4.1, 15.5),
             "E1": (6.45, -10.6), "E2": (6.5, -1.2), "E3": (6.5, 9.2), "E4": (6.45, -19.4)}
    tops = {}
    for k, (x, z) in poles.items():
        cylinder(c, (x, 0, z), (x, 7.2, z), 0.13, 0.085, n=8, smooth=True)
        box(c, (x, 6.8, z), (0.08, 0.08, 1.3))                      # cross arm (along z)
        with P.const(sw(WHITE_PL)):
            for dz in (-0.55, 0.0, 0.55):
                cylinder(P, (x, 6.84, z + dz), (x, 6.95, z + dz), 0.03, 0.02, n=6)
        tops[k] = (x, 6.95, z)
    spans = [("E4", "E1"), ("E1", "E2"), ("E2", "E3"), ("W1", "W2"), ("W2", "W3"), ("W1", "E1"), ("W2", "E2")]
    for a, b in spans:
        pa, pb = Vector(tops[a]), Vector(tops[b])
        for j, dz in enumerate((-0.55, 0.0, 0.55)):
            off = Vector((0, 0, dz)) if a[0] == b[0] else Vector((0, -0.02 * j, dz * 0.3))
            cable(catenary(pa + off, pb + off, 0.35 + 0.15 * j, n=14), 0.007)
    # the generator network: many thin cables slung from the poles to houses
    drops = [("E1", (7.0, 3.2, -15.6)), ("E1", (7.0, 3.0, -8.5)), ("E2", (7.0, 3.2, -4.0)), ("E3", (7.0, 3.0, 6.0)),
             ("W2", (-7.0, 4.8, 3.0)), ("W1", (-4.5, 3.5, -12.0)), ("E3", (7.0, 3.5, 12.0)), ("E2", (-7.0, 5.0, 4.6))]
    for a, p in drops:
        cable(catenary(Vector(tops[a]) - Vector((0, 0.4, 0)), p, 0.5, n=12), 0.006)
    # street light on E2
    x, z = poles["E2"]
    tube(S["m_dark"], [(x, 6.2, z), (x - 0.6, 6.5, z), (x - 1.2, 6.45, z)], 0.03, n=6)
    with P.const(sw(GREY_PL)):
        box(P, (x - 1.3, 6.38, z), (0.45, 0.1, 0.2), bevel=0.02)


def build():
    build_ground()
    build_road()
    build_dust_piles()
    build_school()
    build_house_a()
    build_house_b()
    build_house_c()
    build_house_d()
    build_background()
    build_poles_and_wires()
    # loose rubble along the sidewalks and the verges (never on the walks)
    scatter_rubble(30, (-4.4, -3.3, -20, 20), 61)
    scatter_rubble(26, (5.3, 6.9, -20, 20), 62)
    scatter_rubble(16, (-3.0, 5.0, -20, 20), 63, (0.04, 0.12))


build()
VIEWS = [
    ("street_start_north.png", (0, 1.6, 2), (0, 1.3, -8)),
    ("street_to_school_gate.png", (0, 1.6, 2), (-8.5, 1.8, -10)),
    ("street_school_gate.png", (-8.5, 1.6, -7), (-8.5, 1.8, -12)),
    ("street_crater.png", (2.5, 1.6, -3.4), (3.2, 0.0, -6.3)),
    ("street_blue_door.png", (5.6, 1.6, -15), (7.0, 1.3, -14.6)),
    ("street_car_south.png", (-1.6, 1.6, 5), (-1.0, 1.4, 15)),
    ("street_to_house_c.png", (0, 1.6, 2), (-7.5, 2.5, 0)),
    ("street_aerial.png", (16, 22, 16), (1, 0, -5)),
    ("street_crater_top.png", (3.01, 7, -6), (3, 0, -6.01)),
    ("street_lemon_tree.png", (5.6, 1.6, -12.5), (9.4, 2.0, -11.0)),
    ("street_school_sign.png", (-8.5, 1.6, -6.0), (-8.5, 3.4, -10.0)),
]
if "--only" in script_args():
    pick = script_args()[script_args().index("--only") + 1].split(",")
    VIEWS = [v for v in VIEWS if any(p in v[0] for p in pick)]
S.build()
check_scene(spots=SPOTS, ignore=("asphalt", "soil", "ground", "pavers", "scorch", "dust"),
            sight=[((0, 1.6, 2), (-8.5, 1.8, -10)), ((0, 1.6, 2), (3, 0.3, -6)), ((0, 1.6, 2), (7.0, 1.05, -15)),
                   ((-8.5, 1.6, -7), (-8.5, 1.8, -10)), ((2.5, 1.6, -3.4), (3, 0.2, -6)), ((5.6, 1.6, -15), (7.0, 1.05, -15)),
                   ])
S.export(OUT)
if "--preview" in script_args():
    S.previews(VIEWS)
verify(OUT)
