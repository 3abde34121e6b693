"""assets/models/home_set.glb — Umm Karim's home, one room 6 x 6 m, walls 3 m: the north
window covered with plastic sheeting in a taped frame, a small west window with a curtain,
the doorway in the south wall, a woven rug under a low round table with a tray, teapot and
four tea glasses, majlis mattresses and back cushions along the walls, two floor cushions
(Umm Karim's and Sami's), folded mattresses and blankets in a corner, a niche with a radio,
a framed photo and a Quran stand, a bare bulb, and Sami's crayon drawing on the table.

Run: blender -b --factory-startup --python-exit-code 1 -P tools/blender/home.py [-- --preview]"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *  # noqa: E402,F401,F403

OUT = os.path.join(MODELS, "home_set.glb")
S = Set("home")
DRAW_W, DRAW_H = 1024, 732          # A3 landscape, 0.42 x 0.3 m


def draw_sami():
    """Sami's crayon drawing: his street with the school (roof on), himself, the sun.
    Bright crayon on white paper; the bottom 20 % stays empty for the caption."""
    w, h = DRAW_W, DRAW_H
    r = np.random.default_rng(21)
    cv = Canvas(w, h)
    cv.img = paper(w, h, 3, "#fbfaf4", fibres=0.025)
    lim = 0.79 * h                    # nothing below this line

    bank = [crayon_texture(h, w, 100 + k, ang, 0.85) for k, ang in enumerate((0.2, 0.7, 1.2, 1.6, 2.3, 2.8))]

    def tex(seed, ang, dens=0.85):
        return bank[seed % len(bank)] if dens >= 0.8 else sat(bank[seed % len(bank)] - (0.85 - dens))

    def scribble_line(pts, width, colour, seed, alpha=0.95):
        t = tex(seed, 1.3, 0.95)
        cv.line(wobble(pts, r, 2.0, 7), width, colour, alpha, texture=t)

    # sky strip and clouds
    cv.rect(0, 0, w, 0.1 * h, "#3f86e8", 0.9, texture=tex(1, 0.2, 0.7))
    for cx, cy in ((0.3 * w, 0.15 * h), (0.52 * w, 0.11 * h)):
        for k in range(4):
            cv.disc(cx + (k - 1.5) * 34, cy + (12 if k in (0, 3) else 0), 34, "#9cc3f2", 0.55, texture=tex(2 + k, 0.5, 0.6))
    # the sun, top right, with rays
    sx, sy = 0.86 * w, 0.15 * h
    cv.disc(sx, sy, 62, "#f7c515", 1.0, texture=tex(5, 0.8, 0.95))
    cv.line(wobble([(sx + 62 * math.cos(t), sy + 62 * math.sin(t)) for t in np.linspace(0, 2 * math.pi, 40)], r, 1.5, 6), 7, "#f08c1a", 0.9)
    for k in range(12):
        t = 2 * math.pi * k / 12 + 0.1
        scribble_line([(sx + 78 * math.cos(t), sy + 78 * math.sin(t)), (sx + 118 * math.cos(t), sy + 118 * math.sin(t))], 8, "#f08c1a", 6 + k)
    # birds
    for bx, by in ((0.66 * w, 0.2 * h), (0.72 * w, 0.26 * h), (0.6 * w, 0.27 * h)):
        scribble_line([(bx - 20, by - 8), (bx - 8, by + 2), (bx, by - 4), (bx + 8, by + 2), (bx + 20, by - 8)], 5, "#333333", 30)
    # ground: green grass band, then the street (grey, with white dashes) above the caption line
    cv.rect(0, 0.6 * h, w, 0.66 * h, "#3bb143", 0.95, texture=tex(7, 1.1))
    for k in range(60):
        gx = r.uniform(0, w)
        scribble_line([(gx, 0.61 * h), (gx + r.uniform(-6, 6), 0.57 * h)], 4, "#2d8f35", 40 + k % 5)
    cv.rect(0, 0.66 * h, w, 0.77 * h, "#8d8d8d", 0.9, texture=tex(8, 0.1, 0.9))
    for k in range(7):
        x0 = 40 + k * 150
        cv.rect(x0, 0.71 * h, x0 + 70, 0.725 * h, "#ffffff", 0.95)
    scribble_line([(0, 0.66 * h), (w, 0.66 * h)], 5, "#555555", 9)
    scribble_line([(0, 0.77 * h), (w, 0.77 * h)], 5, "#555555", 10)
    # a tree on the left: brown trunk, green scribble crown with lemons
    cv.rect(0.075 * w, 0.36 * h, 0.105 * w, 0.6 * h, "#8b5a2b", 1.0, texture=tex(11, 1.5))
    cv.disc(0.09 * w, 0.3 * h, 80, "#3bb143", 0.95, ry=70, texture=tex(12, 0.9))
    for k in range(6):
        a = r.uniform(0, 2 * math.pi)
        cv.disc(0.09 * w + 50 * math.cos(a), 0.3 * h + 40 * math.sin(a), 11, "#f7d200", 1.0)
    # the school, with its roof
    x0, x1, y0, y1 = 0.2 * w, 0.6 * w, 0.35 * h, 0.6 * h
    cv.rect(x0, y0, x1, y1, "#f58a1f", 0.95, texture=tex(13, 0.4))
    cv.line(wobble([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], r, 2, 8), 6, "#b4531a", 0.95)
    roof = [(x0 - 30, y0 + 4), ((x0 + x1) / 2, 0.16 * h), (x1 + 30, y0 + 4)]
    cv.poly(roof, "#e2352b", 0.98, texture=tex(14, 0.7))
    cv.line(wobble(roof + [roof[0]], r, 2, 8), 6, "#a5231b", 0.95)
    for k in range(3):                                        # windows with crosses
        wx0 = x0 + 30 + k * 95
        if k == 1:
            continue
        cv.rect(wx0, y0 + 30, wx0 + 70, y0 + 90, "#2a6fdb", 0.95, texture=tex(15 + k, 1.2))
        cv.line([(wx0 + 35, y0 + 30), (wx0 + 35, y0 + 90)], 5, "#ffffff", 0.9)
        cv.line([(wx0, y0 + 60), (wx0 + 70, y0 + 60)], 5, "#ffffff", 0.9)
    for k in range(2):
        wx0 = x1 - 100 - k * 0
        cv.rect(wx0, y0 + 30, wx0 + 70, y0 + 90, "#2a6fdb", 0.95, texture=tex(19, 1.2))
        cv.line([(wx0 + 35, y0 + 30), (wx0 + 35, y0 + 90)], 5, "#ffffff", 0.9)
        cv.line([(wx0, y0 + 60), (wx0 + 70, y0 + 60)], 5, "#ffffff", 0.9)
    dx = (x0 + x1) / 2
    cv.rect(dx - 40, y1 - 110, dx + 40, y1, "#8b5a2b", 1.0, texture=tex(20, 1.4))   # the door
    cv.disc(dx + 25, y1 - 55, 6, "#f7c515")
    cv.rect(dx - 70, y0 - 8, dx + 70, y0 + 22, "#ffffff", 0.95)                      # the sign board
    cv.line(wobble([(dx - 70, y0 - 8), (dx + 70, y0 - 8), (dx + 70, y0 + 22), (dx - 70, y0 + 22), (dx - 70, y0 - 8)], r, 1, 6), 4, "#2a6fdb")
    # the boy: Sami, small, by the school door with his schoolbag
    bx, by = 0.72 * w, 0.58 * h
    scribble_line([(bx, by - 120), (bx, by - 50)], 8, "#2a6fdb", 21)                      # body (blue shirt)
    cv.rect(bx - 22, by - 122, bx + 22, by - 55, "#2a6fdb", 0.95, texture=tex(22, 0.3))
    scribble_line([(bx - 10, by - 55), (bx - 22, by + 5)], 8, "#333366", 23)             # legs
    scribble_line([(bx + 10, by - 55), (bx + 22, by + 5)], 8, "#333366", 24)
    scribble_line([(bx - 22, by - 110), (bx - 60, by - 80)], 7, "#f2b48c", 25)           # arms
    scribble_line([(bx + 22, by - 110), (bx + 58, by - 140)], 7, "#f2b48c", 26)
    cv.disc(bx, by - 152, 30, "#f2b48c", 1.0, texture=tex(27, 0.5, 0.95))                 # head
    cv.line(wobble([(bx + 30 * math.cos(t), by - 152 + 30 * math.sin(t)) for t in np.linspace(0, 2 * math.pi, 24)], r, 1, 5), 4, "#8a5a3c")
    cv.poly([(bx - 32, by - 160), (bx - 20, by - 186), (bx + 20, by - 188), (bx + 32, by - 162), (bx, by - 172)], "#3b2a1a", 1.0)
    cv.disc(bx - 10, by - 154, 3.5, "#222222")
    cv.disc(bx + 10, by - 154, 3.5, "#222222")
    cv.line([(bx - 11, by - 140), (bx - 4, by - 135), (bx + 4, by - 135), (bx + 11, by - 140)], 3.5, "#b3261e")
    cv.rect(bx + 18, by - 118, bx + 44, by - 72, "#e2352b", 1.0, texture=tex(28, 0.9))   # schoolbag
    # a little house on the right (his house, with the blue door)
    hx0, hx1 = 0.84 * w, 0.98 * w
    cv.rect(hx0, 0.42 * h, hx1, 0.6 * h, "#f2e6c9", 0.95, texture=tex(29, 0.2))
    cv.line(wobble([(hx0, 0.42 * h), (hx1, 0.42 * h), (hx1, 0.6 * h), (hx0, 0.6 * h), (hx0, 0.42 * h)], r, 1.5, 6), 5, "#8b5a2b")
    cv.rect(hx0 + 45, 0.5 * h, hx0 + 85, 0.6 * h, "#1f5fbf", 1.0, texture=tex(30, 1.0))
    cv.rect(hx0 + 15, 0.45 * h, hx0 + 40, 0.49 * h, "#2a6fdb", 0.9)
    # a crayon smudge or two; nothing below the caption line
    cv.img[int(lim):] = paper(w, h, 3, "#fbfaf4", fibres=0.025)[int(lim):]
    return dict(albedo=cv.rgb())


def draw_photo():
    """The framed photo: a faded snapshot of the family's olive grove (no people)."""
    w, h = 128, 160
    r = np.random.default_rng(4)
    cv = Canvas(w, h)
    cv.vgradient(0, 80, "#9fc2d9", "#e7e2cf")
    cv.poly([(0, 90), (40, 70), (80, 84), (128, 66), (128, 160), (0, 160)], "#8e9a5c")
    cv.poly([(0, 110), (128, 100), (128, 160), (0, 160)], "#b49c6a")
    for tx, ty, s in ((34, 96, 1.0), (88, 92, 0.8), (112, 104, 0.6)):
        cv.rect(tx - 2 * s, ty, tx + 2 * s, ty + 22 * s, "#5a4632")
        cv.disc(tx, ty - 6 * s, 16 * s, "#5f7446", ry=11 * s)
    img = cv.rgb() * 0.92 + 0.06
    border = np.ones_like(img)
    border[8:-8, 8:-8] = img[8:-8, 8:-8]
    return dict(albedo=sat(border))


# ---------------------------------------------------------------- materials
S.mat("floor", "tiles", texlib.tiles, tint="#efe2cc", tile=1.6)
S.mat("walls", "paint", texlib.wall_paint, tint="#f3ead9", tile=2.5, normal=0.4)
S.mat("dado", "paint", tint="#9cc3bd", tile=2.5, normal=0.4)
S.mat("ceiling", "paint", tint="#fbf8f1", tile=2.5, normal=0.3)
S.mat("outside", "paint", tint="#d8c9ad", tile=2.5)
S.mat("rug", "rug", texlib.rug, uv="explicit", use_normal=False, use_mr=False, rough=0.95)
S.mat("majlis", "fabric", tile=0.5)
S.mat("cloth_a", "cloth", texlib.cloth_plain, tint="#4d6a4c", tile=0.4, rough=0.95)    # Umm Karim's cushion
S.mat("cloth_b", "cloth", tint="#6b4a7a", tile=0.4, rough=0.95)                       # Sami's cushion
S.mat("cloth_c", "cloth", tint="#b9893f", tile=0.4, rough=0.95)                       # blankets, mattresses
S.mat("cloth_d", "cloth", tint="#8a3a35", tile=0.4, rough=0.95)
S.mat("curtain", "cloth", tint="#e8d79a", tile=0.4, rough=0.95)
S.mat("wood", "wood", tile=1.0)
S.mat("plastic", "plastic", texlib.plastic_sheet, tile=1.2, blend=True, double=True)
S.mat("glass", "teaglass", texlib.flat, uv="explicit", colour="#e9eef0", alpha=0.3, rough=0.05, double=True)
S.mat("lamp", "lamp", texlib.flat, uv="explicit", colour="#fff1d0", emission=2.0, rough=0.3)
S.mat("drawing", "drawing", draw_sami, uv="explicit", rough=0.85)
S.mat("photo", "photo", draw_photo, uv="explicit", rough=0.2)
CELLS = [("#d9b86c", 0.35, 1.0), ("#c0c3c6", 0.3, 1.0), ("#2e5e9e", 0.35, 0.0), ("#6a3e1e", 0.3, 0.0),
         ("#1c1c1c", 0.6, 0.0), ("#d9d2c0", 0.8, 0.0), ("#3d3a35", 0.6, 0.0), ("#2f6b3a", 0.6, 0.0),
         ("#f2efe6", 0.6, 0.0), ("#8b5a2b", 0.7, 0.0), ("#e2352b", 0.5, 0.0), ("#f7c515", 0.5, 0.0),
         ("#2a6fdb", 0.5, 0.0), ("#3bb143", 0.5, 0.0), ("#c9b37a", 0.5, 0.6), ("#e6e0d0", 0.7, 0.0)]
(BRASS, STEEL, ENAMEL, TEA, BLACK, TAPE, RADIO, BOOK, WHITE, WOOD_DARK, CRAYON_R, CRAYON_Y, CRAYON_B, CRAYON_G,
 GOLD, FRINGE) = range(len(CELLS))
S.mat("props", "homeprops", texlib.swatches, uv="explicit", cells=CELLS)
P = S["props"]


def sw(i):
    return texlib.swatch_uv(i)


# ---------------------------------------------------------------- room
NICHE = (-0.25, 0.65, 1.05, 1.95)      # east wall niche: z range, y range


def arch(a0, a1, y0, y1, n=8):
    """Outline of an opening with a round arch on top."""
    rad = (a1 - a0) / 2
    pts = [(a0, y0), (a1, y0), (a1, y1 - rad)]
    for k in range(1, n):
        t = math.pi * k / n
        pts.append(((a0 + a1) / 2 + rad * math.cos(t), y1 - rad + rad * math.sin(t)))
    pts.append((a0, y1 - rad))
    return pts


def room():
    heightfield(S["floor"], -3, 3, -3, 3, 3, 3, lambda x, z: 0.0, smooth=False)
    north_win = (0.55, 1.85, 1.2, 2.2)
    west_win = (-0.95, -0.15, 1.3, 2.1)
    door = (-2.0, -1.0, 0.0, 2.05)
    Facade("x", -2.9, 1).wall(S["walls"], -3.1, 3.1, 0.0, 3.0, 0.2, [north_win])
    Facade("z", -2.9, 1).wall(S["walls"], -2.9, 2.9, 0.0, 3.0, 0.2, [west_win])
    z0, z1, y0, y1 = NICHE
    Facade("z", 2.9, -1).wall(S["walls"], -2.9, 2.9, 0.0, 3.0, 0.2, [arch(z0, z1, y0, y1)])
    Facade("x", 2.9, -1).wall(S["walls"], -3.1, 3.1, 0.0, 3.0, 0.2, [door])
    slab(S["ceiling"], [(-3.1, -3.1), (3.1, -3.1), (3.1, 3.1), (-3.1, 3.1)], 3.15, 0.15)
    # painted dado, 1 m, 5 mm proud
    for F, a0, a1, holes in ((Facade("x", -2.895, 1), -2.9, 2.9, []), (Facade("z", -2.895, 1), -2.9, 2.9, []),
                             (Facade("z", 2.895, -1), -2.9, 2.9, []), (Facade("x", 2.895, -1), -2.9, 2.9, [door])):
        F.wall(S["dado"], a0, a1, 0.0, 1.0, 0.005, [(h[0], h[1], 0.0, 1.0) for h in holes])
        F.box(S["dado"], a0, a1, 1.0, 1.025, 0.0, 0.012, flush=True) if not holes else None
    Facade("x", 2.895, -1).box(S["dado"], -2.9, -2.0, 1.0, 1.025, 0.0, 0.012, flush=True)
    Facade("x", 2.895, -1).box(S["dado"], -1.0, 2.9, 1.0, 1.025, 0.0, 0.012, flush=True)
    # niche: back plate, a shelf board
    box(S["walls"], (3.12, 1.5, (z0 + z1) / 2), (0.04, 1.0, z1 - z0 + 0.1))
    box(S["wood"], (3.0, 1.45, (z0 + z1) / 2), (0.2, 0.025, z1 - z0))
    # north window: steel frame, no glass left; plastic sheeting on a taped batten frame inside
    F = Facade("x", -2.9, 1)
    a0, a1, wy0, wy1 = north_win
    for (b0, b1, c0, c1) in ((a0, a0 + 0.04, wy0, wy1), (a1 - 0.04, a1, wy0, wy1), (a0, a1, wy1 - 0.04, wy1), (a0, a1, wy0, wy0 + 0.04)):
        F.box(S["wood"], b0, b1, c0, c1, -0.14, -0.09, flush=True)
    with P.const(sw(WHITE)):
        F.box(P, a0 - 0.04, a1 + 0.04, wy0 - 0.03, wy0, -0.2, 0.05)          # sill
    r = np.random.default_rng(8)
    ph = r.uniform(0, 6, 3)
    picture(S["plastic"], F.p((a0 + a1) / 2, (wy0 + wy1) / 2, 0.03), a1 - a0 + 0.16, wy1 - wy0 + 0.16, grid=10,
            uv_rect=(0, 0, 1.2, 0.9),
            bend=lambda u, v: (0.035 * math.sin(math.pi * u) * math.sin(math.pi * v)
                               + 0.01 * math.sin(u * 17 + ph[0]) * math.sin(v * 6 + ph[1])
                               + 0.006 * math.sin(u * 5 + v * 23 + ph[2])))
    w = S["wood"]
    for (b0, b1, c0, c1) in ((a0 - 0.1, a1 + 0.1, wy1 + 0.03, wy1 + 0.09), (a0 - 0.1, a1 + 0.1, wy0 - 0.09, wy0 - 0.03),
                             (a0 - 0.1, a0 - 0.04, wy0 - 0.09, wy1 + 0.09), (a1 + 0.04, a1 + 0.1, wy0 - 0.09, wy1 + 0.09)):
        F.box(w, b0, b1, c0, c1, 0.03, 0.05)
        with P.const(sw(TAPE)):                                              # tape over the battens
            F.box(P, b0 - 0.01, b1 + 0.01, c0 + (c1 - c0) * 0.15, c1 - (c1 - c0) * 0.15, 0.05, 0.053)
    with P.const(sw(TAPE)):                                                  # tape strips across the corners
        for (ax, ay, ang) in ((a0 + 0.05, wy1 - 0.05, 45), (a1 - 0.05, wy1 - 0.05, -45), (a0 + 0.05, wy0 + 0.05, -45),
                              (a1 - 0.05, wy0 + 0.05, 45)):
            box(P, F.p(ax, ay, 0.056), (0.22, 0.05, 0.003), roll=ang)
    # west window: frame, thin glass, curtain half drawn on a rod, grille outside
    Fw = Facade("z", -2.9, 1)
    a0, a1, wy0, wy1 = west_win
    for (b0, b1, c0, c1) in ((a0, a0 + 0.04, wy0, wy1), (a1 - 0.04, a1, wy0, wy1), (a0, a1, wy1 - 0.04, wy1), (a0, a1, wy0, wy0 + 0.04)):
        Fw.box(S["wood"], b0, b1, c0, c1, -0.12, -0.07, flush=True)
    quad(S["glass"], Fw.p(a1 - 0.04, wy0 + 0.04, -0.1), Fw.p(a0 + 0.04, wy0 + 0.04, -0.1), Fw.p(a0 + 0.04, wy1 - 0.04, -0.1),
         Fw.p(a1 - 0.04, wy1 - 0.04, -0.1), uv=[(0.5, 0.5)] * 4)
    with P.const(sw(WHITE)):
        Fw.box(P, a0 - 0.04, a1 + 0.04, wy0 - 0.03, wy0, -0.2, 0.05)
    with P.const(sw(STEEL)):
        cylinder(P, Fw.p(a0 - 0.25, wy1 + 0.12, 0.08), Fw.p(a1 + 0.25, wy1 + 0.12, 0.08), 0.008, n=6)
    curtain(Fw, a0 - 0.22, a0 + 0.45, wy1 + 0.11, 0.75, 0.07)
    Fo = Facade("z", -3.1, -1)
    for k in range(6):
        a = a0 + 0.06 + (a1 - a0 - 0.12) * k / 5
        with P.const(sw(BLACK)):
            Fo.box(P, a - 0.007, a + 0.007, wy0 - 0.04, wy1 + 0.04, 0.02, 0.034)
    # doorway: wooden frame, the door open into a dim hall
    Fd = Facade("x", 2.9, -1)
    for (b0, b1, c0, c1) in ((-2.05, -2.0, 0.0, 2.1), (-1.0, -0.95, 0.0, 2.1), (-2.05, -0.95, 2.05, 2.1)):
        Fd.box(w, b0, b1, c0, c1, -0.2, 0.02)
    box(w, (-1.02, 1.01, 3.55), (0.04, 2.02, 0.88))
    with P.const(sw(BRASS)):
        box(P, (-1.05, 1.0, 3.9), (0.03, 0.03, 0.1))
    heightfield(S["floor"], -3.0, 0.0, 3.1, 5.0, 2, 2, lambda x, z: 0.0, smooth=False)
    inner_box(S["outside"], (-3.0, 0.0, 3.1), (0.0, 2.8, 5.0), skip=("-y", "-z"))
    # outside: the courtyard wall seen through the plastic, the neighbour's wall to the west
    box_between(S["outside"], (-2.0, -0.5, -6.2), (5.0, 2.6, -5.9))
    box_between(S["outside"], (-7.0, -0.5, -3.0), (-6.7, 5.0, 3.0))
    # the bare bulb on its wire
    with P.const(sw(BLACK)):
        cylinder(P, (0, 3.0, -1.0), (0, 2.47, -1.0), 0.004, n=5)
        cylinder(P, (0, 2.48, -1.0), (0, 2.43, -1.0), 0.018, 0.016, n=10)
        cylinder(P, (0, 3.0, -1.0), (0, 2.99, -1.0), 0.04, n=10)
    blob(S["lamp"], np.random.default_rng(1), (0, 2.395, -1.0), (0.032, 0.04, 0.032), subdiv=2, noise=0.0)
    for f in range(len(S["lamp"].F)):
        S["lamp"].UV[f] = [(0.5, 0.5)] * len(S["lamp"].F[f])


def curtain(F, a0, a1, top, length, depth, folds=7):
    """A gathered curtain hanging from a rod: a wavy sheet with a hem."""
    acc = S["curtain"]
    cols = 28
    rings = []
    for j in range(5):
        y = top - length * j / 4
        row = []
        for i in range(cols + 1):
            t = i / cols
            a = a0 + (a1 - a0) * t
            d = depth + 0.035 * math.sin(t * folds * 2 * math.pi) * (1 - 0.3 * j / 4)
            row.append(F.p(a, y, d))
        rings.append(row)
    ids = loft(acc, rings, close=False, smooth=True)
    # make it two-sided: a copy facing the other way
    loft(acc, [list(reversed(rw)) for rw in rings], close=False, smooth=True)


# ---------------------------------------------------------------- furnishings
def rug():
    """The woven rug, 3 x 2 m, under the table."""
    acc = S["rug"]
    x0, x1, z0, z1 = -1.5, 1.5, -2.2, -0.2
    y = 0.012
    quad(acc, (x0, y, z1), (x1, y, z1), (x1, y, z0), (x0, y, z0), uv=((0, 0), (1, 0), (1, 1), (0, 1)))
    with acc.const((0.5, 0.005)):
        for (a, b) in (((x0, z1), (x1, z1)), ((x1, z1), (x1, z0)), ((x1, z0), (x0, z0)), ((x0, z0), (x0, z1))):
            quad(acc, (a[0], 0.0, a[1]), (b[0], 0.0, b[1]), (b[0], y, b[1]), (a[0], y, a[1]), uv=None)
    with P.const(sw(FRINGE)):
        for x in (x0, x1):
            s = 1 if x > 0 else -1
            for k in range(40):
                z = z0 + 0.03 + (z1 - z0 - 0.06) * k / 39
                box(P, (x + s * 0.04, 0.004, z), (0.08, 0.006, 0.012), yaw=np.random.default_rng(k).normal(0, 6))


def majlis():
    """Mattresses with back cushions along the north, west and east walls, bolsters at the ends."""
    m = S["majlis"]
    runs = [("N", (-2.88, 2.88), -2.88), ("W", (-2.3, 0.9), -2.88), ("E", (-2.3, 1.5), 2.88)]
    for face, (a0, a1), at in runs:
        if face == "N":
            rounded_box(m, ((a0 + a1) / 2, 0.06, at + 0.3), (a1 - a0, 0.12, 0.6), 0.03)
            n = int((a1 - a0) / 0.62)
            for k in range(n):
                a = a0 + (a1 - a0) * (k + 0.5) / n
                rounded_box(m, (a, 0.36, at + 0.11), ((a1 - a0) / n - 0.03, 0.46, 0.17), 0.06, pitch=-8)
        else:
            s = 1 if face == "W" else -1
            x = at + s * 0.3
            rounded_box(m, (x, 0.06, (a0 + a1) / 2), (0.6, 0.12, a1 - a0), 0.03)
            n = int((a1 - a0) / 0.62)
            for k in range(n):
                a = a0 + (a1 - a0) * (k + 0.5) / n
                rounded_box(m, (at + s * 0.11, 0.36, a), (0.17, 0.46, (a1 - a0) / n - 0.03), 0.06, roll=-s * 8)
            # bolster at the free end
            cylinder(m, (x - 0.25, 0.2, a1 - 0.1), (x + 0.25, 0.2, a1 - 0.1), 0.085, n=12)


def floor_cushions():
    rounded_box(S["cloth_a"], (1.1, 0.07, -1.9), (0.75, 0.14, 0.75), 0.05, segments=3, yaw=-6)   # Umm Karim
    rounded_box(S["cloth_b"], (-1.1, 0.06, -1.7), (0.6, 0.12, 0.6), 0.045, segments=3, yaw=9)     # Sami
    with P.const(sw(GOLD)):
        for (cx, cz, hs, yaw) in ((1.1, -1.9, 0.375, -6), (-1.1, -1.7, 0.3, 9)):
            M = mat((cx, 0, cz), yaw)
            for sx in (-1, 1):
                for sz in (-1, 1):
                    p = M @ Vector((sx * hs, 0.06, sz * hs))
                    blob(P, np.random.default_rng(3), p, (0.018, 0.018, 0.018), subdiv=1, noise=0.0)


def bedding_stack():
    """Folded mattresses and blankets stacked in the south-east corner."""
    y = 0.0
    layers = [("cloth_c", 0.95, 0.17, 0.72, 2), ("majlis", 0.95, 0.16, 0.72, -3), ("cloth_d", 0.95, 0.17, 0.72, 4),
              ("cloth_c", 0.85, 0.09, 0.62, -6), ("cloth_a", 0.8, 0.08, 0.58, 8), ("cloth_d", 0.55, 0.14, 0.38, -3)]
    for key, sx, sy, sz, yaw in layers:
        rounded_box(S[key], (2.3, y + sy / 2, 2.35), (sx, sy, sz), min(0.05, sy * 0.4), segments=2, yaw=yaw)
        y += sy - 0.005


def low_table():
    """Round low table (top at 0.35 m) with a brass tray: teapot, sugar bowl, four glasses."""
    w = S["wood"]
    cx, cz, top = 0.0, -1.2, 0.35
    cylinder(w, (cx, top - 0.03, cz), (cx, top, cz), 0.6, n=40, smooth=False)
    cylinder(w, (cx, top - 0.08, cz), (cx, top - 0.03, cz), 0.52, 0.53, n=40, cap0=False, cap1=False)
    for k in range(4):
        a = math.pi / 4 + k * math.pi / 2
        lx, lz = cx + 0.4 * math.cos(a), cz + 0.4 * math.sin(a)
        cylinder(w, (lx, 0.0, lz), (lx, top - 0.03, lz), 0.025, 0.032, n=8)
    # tray
    tx, tz, ty = 0.08, -1.3, top
    with P.const(sw(BRASS)):
        cylinder(P, (tx, ty, tz), (tx, ty + 0.006, tz), 0.27, n=28)
        cylinder(P, (tx, ty + 0.006, tz), (tx, ty + 0.02, tz), 0.275, 0.285, n=28, cap0=False, cap1=False)
    ty += 0.006
    teapot(tx + 0.1, ty, tz - 0.06)
    with P.const(sw(WHITE)):                                                 # sugar bowl
        cylinder(P, (tx - 0.1, ty, tz - 0.12), (tx - 0.1, ty + 0.05, tz - 0.12), 0.03, 0.045, n=14)
    with P.const(sw(BRASS)):
        cylinder(P, (tx - 0.1, ty + 0.05, tz - 0.12), (tx - 0.1, ty + 0.062, tz - 0.12), 0.044, 0.02, n=14)
    for k, (gx, gz) in enumerate(((tx - 0.15, tz + 0.08), (tx - 0.05, tz + 0.15), (tx + 0.07, tz + 0.16), (tx + 0.17, tz + 0.07))):
        tea_glass(S["glass"], P, sw(TEA), gx, ty, gz, P, sw(WHITE))
        with P.const(sw(STEEL)):                                             # a spoon on each saucer
            box(P, (gx + 0.035, ty + 0.01, gz), (0.05, 0.003, 0.008), yaw=30)


def teapot(x, y, z):
    """An enamel teapot: lofted body, lid, knob, spout and handle."""
    prof = [(0.0, 0.05), (0.01, 0.07), (0.04, 0.082), (0.08, 0.078), (0.11, 0.06), (0.125, 0.045)]
    n = 18
    with P.const(sw(ENAMEL)):
        rings = [[(x + rr * math.cos(2 * math.pi * i / n), y + t, z + rr * math.sin(2 * math.pi * i / n)) for i in range(n)]
                 for t, rr in prof]
        f0 = len(P.F)
        loft(P, rings, cap0=True, cap1=True, smooth=True)
        orient_outward(P, f0, (x, y + 0.06, z))
        cylinder(P, (x, y + 0.125, z), (x, y + 0.14, z), 0.045, 0.03, n=14)
        tube(P, [(x - 0.07, y + 0.04, z), (x - 0.11, y + 0.08, z), (x - 0.14, y + 0.12, z), (x - 0.155, y + 0.13, z)],
             [0.016, 0.012, 0.009, 0.008], n=8)
        tube(P, [(x + 0.075, y + 0.1, z), (x + 0.12, y + 0.1, z), (x + 0.125, y + 0.05, z), (x + 0.078, y + 0.03, z)], 0.007, n=6)
    with P.const(sw(BLACK)):
        blob(P, np.random.default_rng(2), (x, y + 0.15, z), (0.012, 0.012, 0.012), subdiv=1, noise=0.0)


def drawing():
    """Sami's drawing, A3 (0.42 x 0.3), propped on the table, tilted back 15 degrees; the
    crayon box behind it holds it up, a few crayons on the table."""
    picture(S["drawing"], (-0.3, 0.5, -1.05), 0.42, 0.3, pitch=-15)
    # back of the sheet (plain paper)
    M = mat((-0.3, 0.5, -1.05), 0, -15)
    with P.const(sw(WHITE)):
        idx = [P.v(M @ Vector(p)) for p in ((0.21, -0.15, -0.001), (-0.21, -0.15, -0.001), (-0.21, 0.15, -0.001), (0.21, 0.15, -0.001))]
        P.f(idx)
    with P.const(sw(CRAYON_Y)):
        box(P, (-0.3, 0.35 + 0.06, -1.15), (0.16, 0.12, 0.035), pitch=-12)
    for k, (c, dx, dz, yaw) in enumerate(((CRAYON_R, 0.08, -0.88, 20), (CRAYON_B, -0.08, -0.86, -40), (CRAYON_G, 0.2, -0.92, 75),
                                          (CRAYON_Y, -0.45, -0.9, 5))):
        with P.const(sw(c)):
            cylinder(P, (dx - 0.3 + 0.04 * math.sin(math.radians(yaw)), 0.357, dz + 0.04 * math.cos(math.radians(yaw))),
                     (dx - 0.3 - 0.04 * math.sin(math.radians(yaw)), 0.357, dz - 0.04 * math.cos(math.radians(yaw))), 0.0055, n=6)


def niche_objects():
    z0, z1, y0, y1 = NICHE
    zc = (z0 + z1) / 2
    # lower shelf: the radio and a small vase
    with P.const(sw(RADIO)):
        rounded_box(P, (2.97, y0 + 0.07, zc - 0.12), (0.09, 0.14, 0.24), 0.012)
    with P.const(sw(BRASS)):
        box(P, (2.922, y0 + 0.08, zc - 0.17), (0.004, 0.08, 0.1))
        cylinder(P, (2.92, y0 + 0.09, zc - 0.03), (2.915, y0 + 0.09, zc - 0.03), 0.018, n=10)
        cylinder(P, (2.97, y0 + 0.14, zc - 0.2), (2.97, y0 + 0.34, zc - 0.28), 0.003, n=4)
    with P.const(sw(ENAMEL)):
        cylinder(P, (2.98, y0, zc + 0.22), (2.98, y0 + 0.12, zc + 0.22), 0.035, 0.025, n=12)
    with P.const(sw(CRAYON_R)):
        for k in range(3):
            blob(P, np.random.default_rng(k), (2.98 + 0.02 * (k - 1), y0 + 0.15 + 0.02 * k, zc + 0.22 + 0.02 * (k - 1)),
                 (0.02, 0.02, 0.02), subdiv=1, noise=0.1)
    # upper shelf: the framed photo and the Quran on its stand
    ys = 1.4625
    M = mat((2.97, ys, zc + 0.16), -90, 0, 0) @ mat((0, 0, 0), 0, -10)
    with P.const(sw(WOOD_DARK)):
        box(P, (0, 0.1, 0), (0.15, 0.2, 0.015), M=M)
    picture(S["photo"], M @ Vector((0, 0.1, 0.0085)), 0.12, 0.15, yaw=-90, pitch=-10)
    # rahle (folding X stand) with a closed green book
    with P.const(sw(WOOD_DARK)):
        for s in (-1, 1):
            box(P, (2.96, ys + 0.08, zc - 0.12 + s * 0.03), (0.16, 0.2, 0.012), roll=0, pitch=s * 35)
    with P.const(sw(BOOK)):
        box(P, (2.96, ys + 0.17, zc - 0.12), (0.15, 0.03, 0.2), pitch=0)
    with P.const(sw(GOLD)):
        box(P, (2.96, ys + 0.186, zc - 0.12), (0.08, 0.002, 0.1))


def build():
    room()
    rug()
    majlis()
    floor_cushions()
    bedding_stack()
    low_table()
    drawing()
    niche_objects()


build()
VIEWS = [("home_north_seated.png", (0, 1.2, 0.6), (0.2, 0.9, -2.9)),
         ("home_drawing.png", (-0.2, 1.05, -0.3), (-0.3, 0.5, -1.05)),
         ("home_east.png", (0, 1.2, 0.6), (2.9, 1.2, -0.5)),
         ("home_west.png", (0, 1.2, 0.6), (-2.9, 1.3, -0.6)),
         ("home_south.png", (0.5, 1.5, -1.5), (0.5, 1.2, 2.9))]
finish(S, OUT, VIEWS, checks=dict(spots=[(0, 0.6)], radius=0.9, ignore=("floor", "rug")),
       sun=(-0.6, 0.5, -0.6), sun_strength=2.5, sky_strength=0.6,
       lights=[((0, 2.39, -1.0), 120, (1.0, 0.85, 0.66))])
