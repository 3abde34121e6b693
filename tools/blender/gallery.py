"""assets/models/gallery_set.glb — the epilogue, "what happens next": a dim, quiet room
12 x 12 m with three framed panels (2.2 x 1.4 m) on stands: the printed report (left), the
campaign (middle) and the school rebuilt (right). Illustrated, not photographic.

Panels (centre, facing): left (-2.8, 1.7, -4) yaw +25, middle (0, 1.7, -4.6) yaw 0, right
(2.8, 1.7, -4) yaw -25. Run: blender -b --factory-startup --python-exit-code 1 -P
tools/blender/gallery.py [-- --preview]"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import *  # noqa: E402,F401,F403

OUT = os.path.join(MODELS, "gallery_set.glb")
S = Set("gallery")
PW, PH = 1024, 652                 # 2.2 x 1.4 m


def school_shape(cv, x0, y0, x1, y1, r, roof=True, broken=False, palette=None):
    """The school as in the street: a long one-storey block, green lower band, a gate with a
    sign board, windows. Drawn flat and painterly."""
    pal = palette or dict(wall="#f1ebdd", shade="#d8cfbd", band="#8fb3a0", win="#2d3a45", gate="#3b3b3b",
                          board="#f7f3ea", roof="#c8c2b6", edge="#9d968a")
    w, h = x1 - x0, y1 - y0
    cv.rect(x0, y0, x1, y1, pal["wall"])
    cv.rect(x0, y1 - 0.28 * h, x1, y1, pal["band"])
    for k in range(4):
        wx = x0 + w * (0.07 + 0.25 * k)
        if k in (1, 2):
            wx += w * (0.06 if k == 2 else -0.04)
        if abs(wx + 0.09 * w - (x0 + x1) / 2) < 0.14 * w:
            continue
        cv.rect(wx, y0 + 0.3 * h, wx + 0.11 * w, y0 + 0.62 * h, pal["win"])
        cv.rect(wx - 4, y0 + 0.62 * h, wx + 0.11 * w + 4, y0 + 0.62 * h + 5, pal["shade"])
    gx = (x0 + x1) / 2
    cv.rect(gx - 0.14 * w, y0 + 0.18 * h, gx + 0.14 * w, y1, pal["shade"])
    cv.rect(gx - 0.11 * w, y0 + 0.22 * h, gx + 0.11 * w, y1, pal["gate"])
    cv.rect(gx - 0.15 * w, y0 + 0.03 * h, gx + 0.15 * w, y0 + 0.15 * h, pal["board"])
    cv.line([(gx - 0.15 * w, y0 + 0.03 * h), (gx + 0.15 * w, y0 + 0.03 * h), (gx + 0.15 * w, y0 + 0.15 * h),
             (gx - 0.15 * w, y0 + 0.15 * h), (gx - 0.15 * w, y0 + 0.03 * h)], 3, "#3d6b8c")
    if roof:
        cv.poly([(x0 - 0.02 * w, y0), (x1 + 0.02 * w, y0), (x1 - 0.01 * w, y0 - 0.1 * h), (x0 + 0.01 * w, y0 - 0.1 * h)], pal["roof"])
        cv.rect(x0 - 0.02 * w, y0 - 0.015 * h, x1 + 0.02 * w, y0 + 0.02 * h, pal["edge"])
    if broken:
        # jagged top: bites taken out of the wall against the sky
        xs = np.linspace(x0, x1, 14)
        for a, b in zip(xs[:-1:2], xs[1::2]):
            d = r.uniform(0.08, 0.3) * h
            cv.poly([(a, y0 - 2), (a + 3, y0 + d * 0.7), ((a + b) / 2, y0 + d), (b - 3, y0 + d * 0.6), (b, y0 - 2)], palette["sky"])
        for k in range(5):                                   # cracks
            cx = r.uniform(x0 + 10, x1 - 10)
            cv.line(wobble([(cx, y0 + 0.1 * h), (cx + r.uniform(-20, 20), y0 + 0.5 * h)], r, 3, 6), 1.5, "#6b655b", 0.8)


def draw_report():
    """The printed report: a cover (organisation band, an illustrated photo of the roofless
    school, title and text as grey bars) lying on a desk beside an open spread."""
    r = np.random.default_rng(31)
    cv = Canvas(PW, PH)
    cv.vgradient(0, PH, "#5b534b", "#3f3a35")
    # open spread, behind and to the right
    sx0, sy0, sx1, sy1 = 470, 70, 980, 600
    cv.rect(sx0 + 12, sy0 + 14, sx1 + 12, sy1 + 14, "#2a2622", 0.6)
    cv.rect(sx0, sy0, sx1, sy1, "#f4f1ea")
    cv.line([((sx0 + sx1) / 2, sy0), ((sx0 + sx1) / 2, sy1)], 3, "#d9d3c6")
    for col0 in (sx0 + 30, (sx0 + sx1) / 2 + 25):
        y = sy0 + 40
        cv.rect(col0, y, col0 + 170, y + 16, "#8d8a84")
        y += 44
        for k in range(16):
            L = 200 if k % 6 != 5 else 120
            cv.rect(col0, y, col0 + L, y + 7, "#b6b2aa")
            y += 16
            if k == 7:
                # a small map figure in the left column, a chart in the right
                cv.rect(col0, y + 4, col0 + 200, y + 110, "#e6e0d2")
                if col0 < (sx0 + sx1) / 2:
                    cv.line([(col0 + 70, y + 4), (col0 + 70, y + 110)], 3, "#6f7fa0")
                    cv.line([(col0 + 110, y + 4), (col0 + 110, y + 110)], 3, "#6f7fa0")
                    cv.disc(col0 + 100, y + 60, 7, "#b3261e")
                    cv.rect(col0 + 10, y + 20, col0 + 60, y + 55, "#cfc6b2")
                    cv.rect(col0 + 125, y + 15, col0 + 190, y + 50, "#cfc6b2")
                else:
                    for b in range(6):
                        bh = [40, 70, 55, 90, 30, 62][b]
                        cv.rect(col0 + 15 + b * 30, y + 105 - bh, col0 + 35 + b * 30, y + 105, "#7d93b3")
                y += 125
    # the cover, front, slightly rotated feel by a drop shadow
    cx0, cy0, cx1, cy1 = 90, 40, 470, 620
    cv.rect(cx0 + 16, cy0 + 18, cx1 + 16, cy1 + 18, "#211d1a", 0.7)
    cv.rect(cx0, cy0, cx1, cy1, "#fbfaf6")
    cv.rect(cx0, cy0, cx1, cy0 + 70, "#1f4e79")
    cv.rect(cx0 + 24, cy0 + 18, cx0 + 58, cy0 + 52, "#f4f1ea")                   # logo mark
    cv.disc(cx0 + 41, cy0 + 35, 11, "#1f4e79")
    cv.rect(cx0 + 76, cy0 + 26, cx0 + 250, cy0 + 38, "#c9d6e6")
    cv.rect(cx0 + 76, cy0 + 44, cx0 + 190, cy0 + 52, "#9fb3cc")
    # the photo: the roofless school under a hazy sky
    px0, py0, px1, py1 = cx0 + 24, cy0 + 95, cx1 - 24, cy0 + 330
    pal = dict(wall="#e9e1cf", shade="#cfc4ae", band="#93ad9c", win="#2b2f33", gate="#2b2b2b", board="#e7e0cf",
               roof="#c8c2b6", edge="#9d968a", sky="#c8cfd2")
    sub = Canvas(px1 - px0, py1 - py0)
    sub.vgradient(0, py1 - py0, "#b9c6cf", "#e6dfcf")
    sub.rect(0, 0.72 * (py1 - py0), px1 - px0, py1 - py0, "#c9b999")
    school_shape(sub, 30, 0.3 * (py1 - py0), px1 - px0 - 30, 0.78 * (py1 - py0), r, roof=False, broken=True, palette=pal)
    for k in range(14):
        bx = r.uniform(10, px1 - px0 - 10)
        sub.disc(bx, 0.8 * (py1 - py0) + r.uniform(-4, 10), r.uniform(4, 10), "#a89f90", ry=r.uniform(3, 6))
    cv.img[py0:py1, px0:px1] = sub.img
    cv.line([(px0, py0), (px1, py0), (px1, py1), (px0, py1), (px0, py0)], 2, "#cfc9bd")
    # title and summary as bars
    y = py1 + 30
    for L, th in ((300, 20), (240, 20), (180, 12)):
        cv.rect(cx0 + 24, y, cx0 + 24 + L, y + th, "#3a3d42" if th > 15 else "#8a8f96")
        y += th + 12
    y += 10
    while y < cy1 - 48:
        cv.rect(cx0 + 24, y, cx0 + 24 + (320 if int(y) % 4 else 200), y + 7, "#b9bcc0")
        y += 17
    cv.rect(cx0, cy1 - 24, cx1, cy1, "#1f4e79")
    # a pen on the desk
    cv.line([(840, 610), (1000, 560)], 10, "#1d1d1f")
    cv.line([(840, 610), (852, 606)], 6, "#c9a227")
    return dict(albedo=cv.rgb())


def draw_campaign():
    """The campaign: dusk on a city square, a crowd of many small silhouettes holding up
    blank signs and candles. No faces."""
    r = np.random.default_rng(41)
    cv = Canvas(PW, PH)
    cv.vgradient(0, 0.62 * PH, "#1d2a4a", "#d98a4e")
    # buildings around the square, a dome, lit windows
    sky_line = [(0, 300), (90, 300), (90, 250), (180, 250), (180, 280), (300, 280), (300, 210), (360, 210), (360, 280),
                (470, 280), (470, 235)]
    cv.disc(560, 240, 70, "#2c2a3a", ry=60)
    cv.rect(545, 150, 575, 180, "#2c2a3a")
    cv.poly(sky_line + [(650, 235), (650, 270), (780, 270), (780, 225), (880, 225), (880, 290), (1024, 290), (1024, 420), (0, 420)], "#2c2a3a")
    for k in range(60):
        wx, wy = r.uniform(20, 1000), r.uniform(250, 380)
        cv.rect(wx, wy, wx + 8, wy + 11, "#f2c27a", r.uniform(0.3, 0.9))
    # the ground of the square, warm from the candles
    cv.vgradient(int(0.6 * PH), PH, "#8a6a5a", "#5a4648")
    # crowd in rows: far (small) to near (large), dark silhouettes with a warm rim
    glow = np.zeros((PH, PW), np.float32)
    rows = [(420, 9, 95), (452, 12, 75), (490, 16, 56), (540, 21, 42), (600, 28, 30), (675, 36, 22)]
    for ri, (base, size, count) in enumerate(rows):
        shade = 0.1 + 0.025 * (5 - ri)
        col = np.array([shade * 1.1, shade * 0.85, shade * 0.9])
        for k in range(count):
            x = r.uniform(-20, PW + 20)
            y = base + r.uniform(-size, size * 0.5)
            hw = size * r.uniform(0.55, 0.75)
            cv.poly([(x - hw, y + size * 3), (x - hw * 0.9, y + size * 0.6), (x - hw * 0.4, y + size * 0.2), (x + hw * 0.4, y + size * 0.2),
                     (x + hw * 0.9, y + size * 0.6), (x + hw, y + size * 3)], col)
            cv.disc(x, y - size * 0.35, size * 0.42, col)
            what = r.random()
            if what < 0.22:                                  # a sign held high
                sxo = r.uniform(-0.3, 0.3) * size
                cv.line([(x + sxo, y + size * 0.3), (x + sxo, y - size * 2.6)], max(1.5, size * 0.12), col)
                tw, th = size * r.uniform(1.4, 2.0), size * r.uniform(0.9, 1.2)
                tone = r.choice(["#efe9dc", "#f2e3c4", "#e9eef2", "#f5d9a8"])
                cv.rect(x + sxo - tw / 2, y - size * 2.6 - th, x + sxo + tw / 2, y - size * 2.6, tone, 0.95)
                for b in range(2):
                    cv.rect(x + sxo - tw * 0.35, y - size * 2.6 - th * (0.75 - 0.35 * b), x + sxo + tw * (0.35 - 0.2 * b),
                            y - size * 2.6 - th * (0.6 - 0.35 * b), "#8a7f70", 0.5)
            elif what < 0.55:                                # a candle held at chest height
                cxn, cyn = x + r.uniform(-0.3, 0.3) * size, y + size * 0.55
                cv.rect(cxn - size * 0.07, cyn, cxn + size * 0.07, cyn + size * 0.4, "#f3ead6")
                cv.disc(cxn, cyn - size * 0.12, max(1.2, size * 0.1), "#ffd27a", ry=max(1.8, size * 0.18))
                yy, xx = int(cyn), int(cxn)
                if 0 <= yy < PH and 0 <= xx < PW:
                    glow[yy, xx] += size * 0.6
    halo = blur(glow, 4.0)
    halo = halo / (halo.max() + 1e-6)
    cv.img = cv.img + np.array([1.0, 0.72, 0.35]) * sat(halo * 1.6)[..., None] * 0.6
    return dict(albedo=cv.rgb())


def draw_rebuilt():
    """The school rebuilt: the same long block with a new roof (and solar panels), fresh
    paint, an iron gate open, children's backpacks lined up by the gate, a sunny sky and a
    young lemon tree."""
    r = np.random.default_rng(51)
    cv = Canvas(PW, PH)
    cv.vgradient(0, 0.55 * PH, "#4c9be0", "#cde6f5")
    for cx, cy, s in ((170, 90, 1.0), (640, 60, 0.8), (860, 130, 1.2)):
        for k in range(5):
            cv.disc(cx + (k - 2) * 40 * s, cy + (14 if k in (0, 4) else 0) * s, 38 * s, "#ffffff", 0.85, ry=26 * s)
    cv.disc(930, 70, 44, "#fff4b0")
    cv.disc(930, 70, 80, "#fff4b0", 0.25)
    # hills and the neighbourhood behind
    cv.poly([(0, 330), (200, 300), (420, 320), (640, 290), (1024, 320), (1024, 420), (0, 420)], "#c9c1a9")
    for k in range(9):
        hx = 30 + k * 115 + r.uniform(-10, 10)
        hh = r.uniform(50, 90)
        cv.rect(hx, 330 - hh, hx + 90, 360, r.choice(["#efe3c9", "#e9dcc3", "#f3e8d3"]))
        for j in range(2):
            cv.rect(hx + 15 + j * 40, 330 - hh + 15, hx + 30 + j * 40, 330 - hh + 32, "#5e6b75")
    # ground: the forecourt
    cv.vgradient(int(0.62 * PH), PH, "#d9c7a4", "#c7b28b")
    # the school: new roof with solar panels
    x0, x1, y0, y1 = 120, 900, 250, 470
    pal = dict(wall="#fbf8f1", shade="#e5dfd2", band="#7fb69a", win="#35525f", gate="#2f6b4f", board="#ffffff",
               roof="#b9b2a6", edge="#8f8880")
    school_shape(cv, x0, y0, x1, y1, r, roof=True, palette=pal)
    for k in range(7):
        px = x0 + 60 + k * 100
        cv.poly([(px, y0 - 8), (px + 80, y0 - 8), (px + 72, y0 - 28), (px + 8, y0 - 28)], "#24415e")
        cv.line([(px + 40, y0 - 8), (px + 40, y0 - 28)], 1.5, "#6d88a6")
    # the gate stands open: two leaves folded back
    gx = (x0 + x1) / 2
    cv.poly([(gx - 0.11 * (x1 - x0), y0 + 0.22 * (y1 - y0)), (gx - 0.15 * (x1 - x0), y0 + 0.2 * (y1 - y0)),
             (gx - 0.15 * (x1 - x0), y1 + 8), (gx - 0.11 * (x1 - x0), y1)], "#2f6b4f")
    cv.poly([(gx + 0.11 * (x1 - x0), y0 + 0.22 * (y1 - y0)), (gx + 0.15 * (x1 - x0), y0 + 0.2 * (y1 - y0)),
             (gx + 0.15 * (x1 - x0), y1 + 8), (gx + 0.11 * (x1 - x0), y1)], "#2f6b4f")
    cv.rect(gx - 0.1 * (x1 - x0), y0 + 0.25 * (y1 - y0), gx + 0.1 * (x1 - x0), y1, "#e8dcc2")      # bright yard inside
    # children's backpacks by the gate, in a row
    cols = ["#e2352b", "#2a6fdb", "#f7c515", "#3bb143", "#8e44ad", "#f58a1f", "#e75480", "#1abc9c"]
    for k in range(8):
        bx = gx - 250 + k * 62 + (60 if k >= 4 else 0)
        by = y1 + 38
        c = cols[k]
        cv.poly([(bx - 20, by + 30), (bx - 22, by - 10), (bx - 14, by - 26), (bx + 14, by - 26), (bx + 22, by - 10), (bx + 20, by + 30)], c)
        cv.rect(bx - 14, by + 2, bx + 14, by + 22, "#000000", 0.18)
        cv.line([(bx - 10, by - 26), (bx, by - 36), (bx + 10, by - 26)], 3, "#333333", 0.8)
        cv.rect(bx - 22, by + 30, bx + 24, by + 34, "#a08c6a", 0.6)
    # a young lemon tree on the left, in leaf with lemons
    cv.rect(56, 360, 68, 500, "#6b5137")
    for k in range(9):
        cv.disc(62 + r.uniform(-45, 45), 330 + r.uniform(-40, 30), r.uniform(28, 40), r.choice(["#3f7a35", "#4f8f3c", "#356b2e"]))
    for k in range(10):
        cv.disc(62 + r.uniform(-50, 50), 335 + r.uniform(-40, 35), 6, "#f7d200")
    cv.rect(0, 500, 140, 510, "#b7a27c", 0.6)
    return dict(albedo=cv.rgb())


# ---------------------------------------------------------------- materials
S.mat("floor", "paint", texlib.wall_paint, tint="#5a5753", tile=3.0, use_mr=False, rough=0.32, normal=0.25)
S.mat("walls", "paint", tint="#47484b", tile=2.5, normal=0.4)
S.mat("ceiling", "paint", tint="#2c2c2e", tile=2.5)
S.mat("report", "report", draw_report, uv="explicit", emission=0.25, rough=0.7)
S.mat("campaign", "campaign", draw_campaign, uv="explicit", emission=0.25, rough=0.7)
S.mat("rebuilt", "rebuilt", draw_rebuilt, uv="explicit", emission=0.25, rough=0.7)
S.mat("metal", "metal", texlib.painted_metal, tint="#3c3d40", tile=1.0, paint="#a9aaa6", seed=89, chips=0.0, rust=0.0)
CELLS = [("#151515", 0.5, 0.0), ("#2b2b2d", 0.4, 0.6), ("#f4efe6", 0.6, 0.0), ("#8a8d91", 0.35, 1.0),
         ("#5a4632", 0.6, 0.0), ("#fff3d6", 0.3, 0.0)]
BLACK, DARKMETAL, OFFWHITE, STEEL, OAK, WARM = range(len(CELLS))
S.mat("props", "galleryprops", texlib.swatches, uv="explicit", cells=CELLS)
P = S["props"]


def sw(i):
    return texlib.swatch_uv(i)


def room():
    heightfield(S["floor"], -6, 6, -6, 6, 4, 4, lambda x, z: 0.0, smooth=False)
    for F in (Facade("x", -5.9, 1), Facade("x", 5.9, -1)):
        F.wall(S["walls"], -6.1, 6.1, 0.0, 4.0, 0.2)
    for F in (Facade("z", -5.9, 1), Facade("z", 5.9, -1)):
        F.wall(S["walls"], -5.9, 5.9, 0.0, 4.0, 0.2)
    slab(S["ceiling"], [(-6.1, -6.1), (6.1, -6.1), (6.1, 6.1), (-6.1, 6.1)], 4.15, 0.15)
    with P.const(sw(BLACK)):                                     # shadow gap skirting
        for F in (Facade("x", -5.9, 1), Facade("x", 5.9, -1), Facade("z", -5.9, 1), Facade("z", 5.9, -1)):
            F.box(P, -5.9, 5.9, 0.0, 0.08, 0.0, 0.01, flush=True)
    # a bench facing the panels, behind the visitor
    with P.const(sw(OAK)):
        box(P, (0, 0.44, 3.2), (1.8, 0.06, 0.45), bevel=0.01)
    with P.const(sw(DARKMETAL)):
        for sx in (-0.8, 0.8):
            box(P, (sx, 0.21, 3.2), (0.05, 0.42, 0.4))
    # ceiling track with spot heads aimed at the panels
    with P.const(sw(DARKMETAL)):
        box(P, (0, 3.97, -2.4), (7.5, 0.05, 0.06))
    for (px, pz, yaw) in ((-2.8, -4.0, 25), (0.0, -4.6, 0), (2.8, -4.0, -25)):
        M = mat((px, 0, pz), yaw)
        for dx in (-0.55, 0.55):
            head = M @ Vector((dx, 3.95, 1.7))
            aim = M @ Vector((dx * 0.6, 1.9, 0.0))
            d = (aim - head).normalized()
            with P.const(sw(DARKMETAL)):
                cylinder(P, head + Vector((0, 0.02, 0)), Vector((head.x, 3.97, head.z)), 0.01, n=6)
                cylinder(P, head - d * 0.05, head + d * 0.14, 0.045, 0.05, n=12)
            with P.const(sw(WARM)):
                cylinder(P, head + d * 0.14, head + d * 0.141, 0.047, n=12, cap0=False)


def panel_on_stand(c, yaw, key):
    """A framed panel 2.2 x 1.4 m, picture face at the given centre, on a two-post stand."""
    M = mat(c, yaw)
    picture(S[key], c, 2.2, 1.4, yaw=yaw)
    with P.const(sw(BLACK)):
        # frame: 5 cm moulding, 5 cm deep, around the picture
        for (cx, cy, sx, sy) in ((0, 0.725, 2.3, 0.05), (0, -0.725, 2.3, 0.05), (1.125, 0, 0.05, 1.4), (-1.125, 0, 0.05, 1.4)):
            box(P, (cx, cy, -0.015), (sx, sy, 0.06), M=M, bevel=0.008)
        box(P, (0, 0, -0.03), (2.2, 1.4, 0.03), M=M, skip=("+z",))          # backing board
    with P.const(sw(DARKMETAL)):
        for sx in (-0.8, 0.8):
            box(P, (sx, (-c[1] + 0.6) / 2, -0.08), (0.05, c[1] + 0.6, 0.05), M=M)
            box(P, (sx, -c[1] + 0.015, -0.08), (0.08, 0.03, 0.55), M=M, bevel=0.005)
            box(P, (sx, 0, -0.06), (0.04, 0.06, 0.04), M=M)
        box(P, (0, -0.55, -0.08), (1.6, 0.04, 0.04), M=M)
    with P.const(sw(OFFWHITE)):                                  # a small blank caption plate
        box(P, (0.85, -c[1] + 0.9, -0.05), (0.28, 0.18, 0.01), M=M)


def build():
    room()
    panel_on_stand((-2.8, 1.7, -4.0), 25, "report")
    panel_on_stand((0.0, 1.7, -4.6), 0, "campaign")
    panel_on_stand((2.8, 1.7, -4.0), -25, "rebuilt")


build()
VIEWS = [("gallery_north.png", (0, 1.6, 0), (0, 1.5, -4.5)),
         ("gallery_left.png", (-1.4, 1.6, -1.2), (-2.8, 1.7, -4.0)),
         ("gallery_right.png", (1.4, 1.6, -1.2), (2.8, 1.7, -4.0)),
         ("gallery_middle.png", (0, 1.6, -2.3), (0, 1.7, -4.6))]
finish(S, OUT, VIEWS, checks=dict(spots=[(0, 0)], radius=1.2, ignore=("floor",),
                   sight=[((0, 1.6, 0), (-2.8, 1.7, -4.0)), ((0, 1.6, 0), (0, 1.7, -4.6)), ((0, 1.6, 0), (2.8, 1.7, -4.0))]),
       sun_strength=0.0, sky=(0.05, 0.05, 0.06), sky_strength=1.0,
       lights=[((0, 3.0, 0), 400, (1.0, 0.95, 0.9)), ((-2.0, 3.6, -2.6), 150, (1.0, 0.92, 0.8)),
               ((0.0, 3.6, -3.2), 150, (1.0, 0.92, 0.8)), ((2.0, 3.6, -2.6), 150, (1.0, 0.92, 0.8))])
